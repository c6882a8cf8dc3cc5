import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extension } from './helpers';

// npm run test:host installs the VSIX that npm run package built for this machine: these tests
// check that what runs is that package, not the development folder.
describe('the installed extension', () => {
  const repository = path.resolve(__dirname, '../../..');

  it('runs from the extensions folder, not from the repository', () => {
    const installed = extension().extensionPath;
    const relative = path.relative(repository, installed);
    assert.ok(relative.startsWith('..') || path.isAbsolute(relative), `${installed} is inside the repository`);
    assert.ok(
      !fs.existsSync(path.join(installed, 'src')) && !fs.existsSync(path.join(installed, 'test')),
      'the package holds sources or tests',
    );
  });

  it('holds production bundles without source maps', () => {
    const dist = path.join(extension().extensionPath, 'dist');
    const files = fs.readdirSync(dist);
    assert.ok(files.includes('extension.js') && files.includes('captionWorker.js'), files.join(', '));
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map')),
      [],
    );
  });

  it("holds this platform's native binaries and no other's", () => {
    const modules = path.join(extension().extensionPath, 'node_modules');
    const ort = path.join(modules, 'onnxruntime-node/bin/napi-v6');
    const platforms = fs.readdirSync(ort).flatMap((os) => fs.readdirSync(path.join(ort, os)).map((arch) => `${os}/${arch}`));
    assert.deepEqual(platforms, [`${process.platform}/${process.arch}`]);
    const sharp = fs.readdirSync(path.join(modules, '@img')).filter((p) => p.startsWith('sharp-'));
    assert.deepEqual(
      sharp.filter((p) => !p.endsWith(`-${process.platform}-${process.arch}`)),
      [],
    );
    assert.ok(sharp.includes(`sharp-${process.platform}-${process.arch}`), sharp.join(', '));
  });
});
