#!/bin/bash
# The action's first step: installs the local-alt-text CLI into a folder of its own under the runner's
# temporary folder, and outputs the path of its executable (cli). VERSION: what npm installs (a
# version, a range or a tarball); empty means the version of the action itself (its package.json).
set -euo pipefail
spec=${VERSION:-}
if [ -z "$spec" ]; then
  spec=$(node -p 'require(process.argv[1]).version' "$ACTION_PATH/package.json")
fi
case "$spec" in
  */* | *.tgz) package=$spec ;;      # a tarball or a folder: installed as it is
  *) package="local-alt-text@$spec" ;;
esac
prefix="${RUNNER_TEMP:-$(mktemp -d)}/local-alt-text-cli"
echo "Installing $package into $prefix"
npm install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error "$package"
cli="$prefix/bin/local-alt-text"
[ -x "$cli" ] || { echo "::error title=Local Alt Text::npm installed $package, but $cli is not there"; exit 2; }
"$cli" check --help > /dev/null
echo "cli=$cli" >> "${GITHUB_OUTPUT:-/dev/null}"
echo "local-alt-text is $cli"
