import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { extension, log, sleep } from './helpers';

function manifest() {
  return JSON.parse(fs.readFileSync(path.join(extension().extensionPath, 'package.json'), 'utf8'));
}

describe('activation', () => {
  it('is not active before a Markdown, MDX or HTML file opens', () => {
    assert.equal(extension().isActive, false);
  });

  it('activates loading only its small extension bundle: no scanner, model store, captioner or native module', async () => {
    const ext = extension();
    // Other extensions start with the window; measure once they are done, as a writer would see it.
    await sleep(3000);
    const before = new Set(Object.keys(require.cache));
    // VS Code counts activation as loading the main module plus the activate() call. Loading is
    // timed here by requiring the main module first (VS Code's own require then finds it cached);
    // activate() records its duration on the performance timeline. The times are printed, not
    // asserted: they depend on how busy the machine is. What activation loads does not.
    const main = path.join(ext.extensionPath, manifest().main);
    let started = performance.now();
    require(main);
    const loading = performance.now() - started;
    started = performance.now();
    await ext.activate();
    const throughApi = performance.now() - started;
    const measure = performance.getEntriesByName('local-alt-text:activate', 'measure')[0];
    assert.ok(measure, 'activate() recorded no performance measure');
    log(
      `activation: ${(loading + measure.duration).toFixed(1)} ms (loading ${path.basename(main)} ${loading.toFixed(1)} ms + activate() ${measure.duration.toFixed(1)} ms; ext.activate() through the API ${throughApi.toFixed(1)} ms)`,
    );

    // The scanner, the model store and the captioner load on first use, not at activation: of the
    // extension's own files, activation loaded its main bundle and nothing else (no lazy chunk such
    // as dist/markdown.js, no dependency from its node_modules), and no native module from anywhere.
    const loaded = Object.keys(require.cache).filter((m) => !before.has(m));
    const own = loaded
      .filter((m) => m.startsWith(ext.extensionPath + path.sep))
      .map((m) => path.relative(ext.extensionPath, m).split(path.sep).join('/'));
    log(`modules loaded at activation: ${loaded.length} (${own.join(', ')})`);
    assert.deepEqual(own, [path.relative(ext.extensionPath, main).split(path.sep).join('/')]);
    for (const heavy of ['onnxruntime-node', 'onnxruntime-common', 'sharp', '@img', 'parse5', 'micromark', 'unified']) {
      const found = loaded.filter((m) => m.includes(`${path.sep}node_modules${path.sep}${heavy}${path.sep}`));
      assert.deepEqual(found, [], `${heavy} was loaded at activation`);
    }
    assert.ok(!loaded.some((m) => m.endsWith('.node')), 'a native addon was loaded at activation');
  });

  it('registers every contributed command', async () => {
    const contributed: string[] = manifest().contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(contributed.length >= 10);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is not registered`);
  });

  it('contributes its settings with their defaults', () => {
    const configuration = vscode.workspace.getConfiguration('localAltText');
    assert.equal(configuration.inspect('caption.numBeams')?.defaultValue, 3);
    assert.deepEqual(configuration.inspect('findings.altStates')?.defaultValue, ['missing', 'placeholder']);
    assert.equal(configuration.inspect('rules.missing-alt')?.defaultValue, 'error');
    assert.equal(configuration.inspect('rules.redundant-prefix')?.defaultValue, 'warning');
    assert.equal(configuration.inspect('remoteImages.fetch')?.defaultValue, 'never');
    assert.equal(configuration.inspect('model.repo')?.defaultValue, 'Salesforce/blip-image-captioning-base');
    // The fixture workspace points at the tiny model.
    assert.match(configuration.get<string>('model.localFolder') ?? '', /tiny-blip$/);
  });
});
