import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Command } from '../../../src/extension/commandIds';

describe('model commands', () => {
  it('"Show Model Info" names the configured local folder and the cached pack converted from it', async () => {
    const lines = await vscode.commands.executeCommand<string[]>(Command.showModelInfo);
    assert.match(lines[0], /^Model: local folder .*tiny-blip$/);
    assert.ok(lines.some((l) => /^Cache: /.test(l)));
    assert.ok(
      lines.some((l) => /^- local .*tiny-blip: packs fp32;/.test(l)),
      lines.join('\n'),
    );
  });

  it('"Download Model" with a local folder configured prepares it without any network', async () => {
    assert.equal(await vscode.commands.executeCommand(Command.downloadModel), true);
  });
});
