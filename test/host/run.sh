#!/bin/bash
# npm run test:host: installs the host tools if needed, builds the extension and the suite, then
# runs the suite inside a real VS Code extension host (code-server + headless Chromium), and the
# person-like workbench test. SHOTS_DIR=media refreshes the committed screenshots.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=test/host
bash $HERE/install.sh >/dev/null
npm run --silent build
node $HERE/build-suite.js

started=$(date +%s)
WS=$(node $HERE/prepare-workspace.js)
trap 'rm -rf "$WS" "${WS2:-}"' EXIT
bash $HERE/with-code-server.sh node $HERE/run-suite.js . $HERE/out/index.js "$WS"
echo "extension-host suite: $(( $(date +%s) - started )) s"

started=$(date +%s)
WS2=$(node $HERE/prepare-workspace.js)
USER_SETTINGS='{"editor.lightbulb.enabled":"on","workbench.colorTheme":"Default Dark Modern"}' \
  bash $HERE/with-code-server.sh node $HERE/e2e/person.js . "$WS2" "${SHOTS_DIR:-$HERE/out/screenshots}"
echo "person-like workbench test: $(( $(date +%s) - started )) s"
