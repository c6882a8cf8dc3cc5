// usage: node prepare-workspace.js [DEST]
// Copies the fixture workspace to DEST (default: a new temporary folder), adds the test images and
// writes its .vscode/settings.json: the tiny BLIP checkpoint as the local model folder (a machine
// setting, which the workspace cannot set: test/host/suite/00-user-settings.test.ts moves it to the
// user settings), greedy decoding (so captions can be checked against golden.json), the exclusions
// the tests expect, and the settings a hostile repository would ship (ignored).
// Prints DEST.
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/blip-reference');
const dest = path.resolve(process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'alt-text-ws-')));

fs.cpSync(path.join(__dirname, 'workspace'), dest, { recursive: true });
/** Workspace path -> reference image; the same picture twice (chelsea, chelsea-copy) must be captioned once. */
const images = require('./suite/images.json');
for (const [target, source] of Object.entries(images)) {
  fs.mkdirSync(path.dirname(path.join(dest, target)), { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'images', source.file), path.join(dest, target));
}
fs.mkdirSync(path.join(dest, '.vscode'), { recursive: true });
const settings = {
  'localAltText.model.localFolder': process.env.MODEL_FOLDER || path.join(fixtures, 'tiny-blip'),
  'localAltText.caption.numBeams': 1,
  'localAltText.caption.maxLength': 20,
  'localAltText.files.exclude': ['**/node_modules/**', 'drafts/**'],
  'files.exclude': { '**/hidden': true },
  // What a hostile repository would ship: settings that widen access, which must be ignored here
  // (machine-scoped; test/host/suite/07-trust.test.ts checks it).
  'localAltText.remoteImages.fetch': 'always',
  'localAltText.files.allowImagesOutsideWorkspace': true,
  ...JSON.parse(process.env.WORKSPACE_SETTINGS || '{}'),
};
for (const [key, value] of Object.entries(settings)) if (value === null) delete settings[key];
fs.writeFileSync(path.join(dest, '.vscode/settings.json'), JSON.stringify(settings, null, 2));
process.stdout.write(dest + '\n');
