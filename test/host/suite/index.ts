// The extension-host test entry: VS Code loads this file (extensionTestsPath) and awaits run().
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // The per-test timeout is a hang guard, as in the unit tests (.mocharc.json): far above any test's run.
  const mocha = new Mocha({ ui: 'bdd', timeout: 300_000, color: false, reporter: 'spec' });
  // Files run in name order: activation must be measured before anything opens a Markdown file.
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host tests failed`)) : resolve()));
  });
}
