import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectedAlt } from './captions';
import { CAPTION_GUARD_MS, hoverText, open, settledDiagnostics, undoUntil, waitFor } from './helpers';
import { Command } from '../../../src/extension/commandIds';

/** The arguments of the first command link to `command` in a hover's markdown. */
function linkArguments(markdown: string, command: string): unknown[] {
  const match = new RegExp(`\\(command:${command.replace(/\./g, '\\.')}\\?([^)]*)\\)`).exec(markdown);
  assert.ok(match, `no ${command} link in: ${markdown}`);
  return JSON.parse(decodeURIComponent(match[1]));
}

describe('hover', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('shows the image, its caption and a link that inserts it', async () => {
    const editor = await open('docs/guide.md');
    const document = editor.document;
    const original = document.getText();
    await settledDiagnostics(document.uri, 5);
    const position = document.positionAt(original.indexOf('![IMG_1234]') + 4);
    const caption = expectedAlt('images/coffee.jpg');

    // The caption is made on demand; a hover that comes before it is done says so.
    const markdown = await waitFor(
      'the caption in the hover',
      async () => {
        const shown = await hoverText(document.uri, position);
        assert.match(shown, /Captioning…|Suggested alt text/);
        return shown.includes(caption) && shown;
      },
      CAPTION_GUARD_MS,
    );
    // The thumbnail is inline data, which desktop, remote and web workbenches all can show.
    const thumbnail = /<img src="data:image\/jpeg;base64,([A-Za-z0-9+/=]+)" alt="">/.exec(markdown);
    assert.ok(thumbnail, `no thumbnail in: ${markdown.slice(0, 300)}`);
    const jpeg = Buffer.from(thumbnail[1], 'base64');
    assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    assert.ok(markdown.includes(`**Suggested alt text:** ${caption.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&')}`), markdown);

    const args = linkArguments(markdown, Command.insertCaption);
    assert.equal(args[1], caption);
    assert.equal(await vscode.commands.executeCommand(Command.insertCaption, ...args), true);
    assert.equal(document.getText(), original.replace('![IMG_1234](', `![${caption}](`));
    await undoUntil(editor, original);
  });

  it('shows the alt text of an image that has one, without captioning it', async () => {
    const editor = await open('docs/guide.md');
    const text = editor.document.getText();
    const markdown = await hoverText(editor.document.uri, editor.document.positionAt(text.indexOf('![A rocket') + 3));
    assert.match(markdown, /<img src="data:image\/jpeg;base64,/);
    assert.match(markdown, /\*\*Alt text:\*\* A rocket standing on its launch pad/);
    assert.doesNotMatch(markdown, /insertCaption/);
  });
});
