#!/bin/bash
# npm run test:host: installs the host tools if needed (test/host/install.sh), packages the
# extension for this machine (npm run package: the linux-x64 VSIX), and tests it as installed: each
# run installs that VSIX into a fresh extensions folder (code-server --install-extension), then runs
# the suite inside a real VS Code extension host (code-server + headless Chromium), then the
# person-like workbench tests. Screenshots go to test/host/out/screenshots; SHOTS_DIR=media
# refreshes the committed ones.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=test/host
SHOTS=${SHOTS_DIR:-$HERE/out/screenshots}
bash $HERE/install.sh
TARGET=$(node -p 'process.platform + "-" + process.arch')
npm run --silent package -- --target "$TARGET" | grep -v '^ *[│├└]'
export INSTALL_VSIX
INSTALL_VSIX=dist-vsix/local-alt-text-$TARGET-$(node -p 'require("./package.json").version').vsix
node $HERE/build-suite.js

TEMP=()
cleanup() {
  [ -z "${HUB:-}" ] || kill "$HUB" 2>/dev/null || true
  [ ${#TEMP[@]} -eq 0 ] || rm -rf "${TEMP[@]}"
}
trap cleanup EXIT
# What a writer's window looks like in the screenshots.
export USER_SETTINGS='{"editor.lightbulb.enabled":"on","workbench.colorTheme":"Default Dark Modern","workbench.secondarySideBar.defaultVisibility":"hidden","[markdown]":{"editor.wordWrap":"off"},"editor.minimap.enabled":false}'

# The model folder is a machine setting (docs/security.md): the person-like runs name the tiny model
# in the machine's settings, as "Use Local Model Folder..." would; the suite sets it itself.
TINY_MODEL=$(node -p 'JSON.stringify({ "localAltText.model.localFolder": require("path").resolve("test/fixtures/blip-reference/tiny-blip") })')

started=$(date +%s)
WS=$(node $HERE/prepare-workspace.js); TEMP+=("$WS")
bash $HERE/with-code-server.sh node $HERE/run-suite.js $HERE/runner $HERE/out/index.js "$WS"
echo "extension-host suite: $(( $(date +%s) - started )) s"

# The default caption settings (beam search), which also leave time to see the progress.
started=$(date +%s)
WS=$(WORKSPACE_SETTINGS='{"localAltText.caption.numBeams":null,"localAltText.caption.maxLength":null}' node $HERE/prepare-workspace.js); TEMP+=("$WS")
MACHINE_SETTINGS=$TINY_MODEL AS_PERSON=1 bash $HERE/with-code-server.sh node $HERE/e2e/person.js "$WS" "$SHOTS"
echo "person-like test: $(( $(date +%s) - started )) s"

# First use without a model: consent, then the download from a local server in the hub's layout.
started=$(date +%s)
HUB_URL=$(mktemp); TEMP+=("$HUB_URL")
node_modules/.bin/tsx $HERE/e2e/hubServer.ts test/fixtures/blip-reference/tiny-blip Salesforce/blip-image-captioning-base "$HUB_URL" &
HUB=$!
for _ in $(seq 1 100); do [ -s "$HUB_URL" ] && break; sleep 0.1; done
WS=$(WORKSPACE_SETTINGS='{"localAltText.model.localFolder":null}' node $HERE/prepare-workspace.js); TEMP+=("$WS")
HF_ENDPOINT=$(cat "$HUB_URL") AS_PERSON=1 bash $HERE/with-code-server.sh node $HERE/e2e/consent.js "$WS" "$SHOTS"
echo "person-like consent test: $(( $(date +%s) - started )) s"

# An image pasted and dropped into the editor arrives with its generated alt text.
started=$(date +%s)
WS=$(node $HERE/prepare-workspace.js); TEMP+=("$WS")
MACHINE_SETTINGS=$TINY_MODEL AS_PERSON=1 bash $HERE/with-code-server.sh node $HERE/e2e/paste.js "$WS" "$SHOTS"
echo "person-like paste and drop test: $(( $(date +%s) - started )) s"
