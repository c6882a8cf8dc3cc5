import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { hoverText, settledDiagnostics, waitFor, workspaceRoot } from './helpers';
import { Command } from '../../../src/extension/commandIds';

/** Hover markdown escapes punctuation; the words are what the writer reads. */
function unescape(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

// The fixture's .vscode/settings.json sets what a hostile repository would: remote fetching
// 'always' and images outside the workspace allowed. Both are machine settings: VS Code drops them
// from the workspace's configuration (inspect() has no workspace value), and the extension reads
// settings only through the configuration API.
describe('workspace trust: what a workspace may not decide', () => {
  let server: http.Server;
  let requests = 0;
  let connections = 0;
  let port = 0;
  const created: string[] = [];

  before(async () => {
    server = http.createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from('89504e470d0a1a0a', 'hex'));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of created) fs.rmSync(file, { force: true });
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('the workspace asks for remote fetching and outside images, and the settings stay at their defaults', () => {
    const written = JSON.parse(fs.readFileSync(path.join(workspaceRoot(), '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(written['localAltText.remoteImages.fetch'], 'always');
    assert.equal(written['localAltText.files.allowImagesOutsideWorkspace'], true);
    const configuration = vscode.workspace.getConfiguration(
      'localAltText',
      vscode.Uri.file(path.join(workspaceRoot(), 'docs', 'guide.md')),
    );
    for (const [key, fallback, hostile] of [
      ['remoteImages.fetch', 'never', 'always'],
      ['files.allowImagesOutsideWorkspace', false, true],
    ] as const) {
      const inspected = configuration.inspect(key);
      assert.equal(inspected?.defaultValue, fallback, key);
      // VS Code leaves a machine-scoped value out of the workspace's configuration altogether.
      assert.equal(inspected?.workspaceValue, undefined, `${key}: the workspace's ${JSON.stringify(hostile)} is not taken`);
      assert.equal(inspected?.workspaceFolderValue, undefined, key);
      assert.equal(configuration.get(key), fallback, key);
    }
  });

  it('a remote image on this machine is not fetched: not by a hover, not by the command, and the listener hears nothing', async () => {
    const file = path.join(workspaceRoot(), 'docs', 'trust-remote.md');
    created.push(file);
    fs.writeFileSync(file, `# Remote\n\n![](http://127.0.0.1:${port}/a.png)\n`);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    await settledDiagnostics(document.uri, 1);
    const offset = document.getText().indexOf('![](') + 2;

    const markdown = unescape(await hoverText(document.uri, document.positionAt(offset)));
    assert.match(markdown, /Remote images are not fetched \(setting localAltText.remoteImages.fetch\)/);
    assert.doesNotMatch(markdown, /Fetch and insert alt text/, 'with fetching "always" the hover would offer it');

    const target = { uri: document.uri.toString(), version: document.version, offset: document.getText().indexOf('![](') };
    // The command reports its refusal in an error notification and returns once that is closed.
    let result: unknown;
    let finished = false;
    void Promise.resolve(vscode.commands.executeCommand(Command.generateAltText, target)).then((r) => ((result = r), (finished = true)));
    await waitFor(
      'the command to report that it did not fetch',
      async () => {
        await vscode.commands.executeCommand('notifications.clearAll');
        return finished;
      },
      60_000,
    );
    assert.equal(result, false);
    assert.equal(document.getText(), `# Remote\n\n![](http://127.0.0.1:${port}/a.png)\n`, 'nothing was inserted');
    assert.equal(requests, 0);
    assert.equal(connections, 0);
  });

  it('an image outside the workspace is not read, although the workspace allows it', async () => {
    const outside = path.join(path.dirname(workspaceRoot()), `outside-${process.pid}-${Date.now()}.jpg`);
    fs.copyFileSync(path.join(workspaceRoot(), 'images', 'coffee.jpg'), outside);
    created.push(outside);
    const file = path.join(workspaceRoot(), 'docs', 'trust-outside.md');
    created.push(file);
    fs.writeFileSync(file, `# Outside\n\n![](../../${path.basename(outside)})\n`);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    await settledDiagnostics(document.uri, 1);
    const markdown = unescape(await hoverText(document.uri, document.positionAt(document.getText().indexOf('![](') + 2)));
    assert.match(markdown, /outside the workspace/);
    assert.doesNotMatch(markdown, /<img src="data:/, 'no thumbnail: the file was not read');
  });

  it('the manifest declares limited support in untrusted and none in virtual workspaces', () => {
    const manifest = vscode.extensions.getExtension('local-alt-text.local-alt-text')?.packageJSON as {
      capabilities: {
        untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] };
        virtualWorkspaces: { supported: boolean };
      };
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    const properties = manifest.contributes.configuration.properties;
    for (const key of Object.keys(properties).filter((k) =>
      /^localAltText\.(model\.|remoteImages\.|files\.allowImagesOutsideWorkspace$)/.test(k),
    )) {
      assert.ok(
        properties[key].scope === 'machine' || properties[key].scope === 'application',
        `${key} is ${properties[key].scope ?? 'window'}-scoped`,
      );
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), `${key} is restricted`);
    }
  });
});
