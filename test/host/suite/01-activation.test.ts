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

  it('activates in under 50 ms, loading nothing heavy', async () => {
    const ext = extension();
    // Other extensions start with the window; measure once they are done, as a writer would see it.
    await sleep(3000);
    // VS Code counts activation as loading the main module plus the activate() call. Loading is
    // timed here by requiring the main module first (VS Code's own require then finds it cached);
    // activate() records its duration on the performance timeline. The API call around it also
    // includes VS Code's bookkeeping (creating the extension context), printed for reference.
    const main = path.join(ext.extensionPath, manifest().main);
    let started = performance.now();
    require(main);
    const loading = performance.now() - started;
    started = performance.now();
    await ext.activate();
    const throughApi = performance.now() - started;
    const measure = performance.getEntriesByName('local-alt-text:activate', 'measure')[0];
    assert.ok(measure, 'activate() recorded no performance measure');
    const total = loading + measure.duration;
    log(`activation: ${total.toFixed(1)} ms (loading ${path.basename(main)} ${loading.toFixed(1)} ms + activate() ${measure.duration.toFixed(1)} ms; ext.activate() through the API ${throughApi.toFixed(1)} ms)`);
    assert.ok(total < 50, `activation took ${total.toFixed(1)} ms`);
    // The scanner, the model store and the captioner load on first use, not at activation: neither
    // their bundles (dist/markdown.js, ...) nor the native modules may be in the module cache yet.
    const loaded = Object.keys(require.cache);
    const dist = path.dirname(main);
    for (const chunk of ['markdown.js', 'inference.js', 'store.js', 'workspaceFiles.js']) {
      assert.ok(!loaded.includes(path.join(dist, chunk)), `${chunk} was loaded at activation`);
    }
    for (const heavy of ['onnxruntime-node', 'sharp', 'parse5', 'micromark']) {
      assert.ok(!loaded.some((m) => m.includes(`${path.sep}node_modules${path.sep}${heavy}${path.sep}`)), `${heavy} was loaded at activation`);
    }
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
    assert.equal(configuration.inspect('remoteImages.fetch')?.defaultValue, 'never');
    assert.equal(configuration.inspect('model.repo')?.defaultValue, 'Salesforce/blip-image-captioning-base');
    // The fixture workspace points at the tiny model.
    assert.match(configuration.get<string>('model.localFolder') ?? '', /tiny-blip$/);
  });
});
