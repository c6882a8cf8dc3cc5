import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { scanDocument } from '../../../src/markdown';
import { expectedAlt } from './captions';
import { log, open, ourCodeActions, pristine, runCodeAction, settledDiagnostics, undoUntil } from './helpers';

describe('code actions', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('offers generate, decorative, the purpose pick and fix-all on an image, and "Generate alt text" inserts the caption and selects it', async () => {
    const editor = await open('docs/guide.md');
    const uri = editor.document.uri;
    const original = pristine('docs/guide.md');
    const [first] = (await settledDiagnostics(uri, 5)).sort((a, b) => a.range.start.compareTo(b.range.start));
    const actions = await ourCodeActions(uri, first.range);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Generate alt text', 'Mark as decorative', 'Choose the image’s purpose…', 'Generate alt text for all images in this file (5)'],
    );
    assert.equal(actions[0].isPreferred, true);
    assert.ok(actions.every((a) => a.kind?.value === 'quickfix'));

    const started = performance.now();
    assert.equal(await runCodeAction(actions[0]), true);
    log(
      `first caption: ${(performance.now() - started).toFixed(0)} ms (command to inserted text; includes converting the tiny checkpoint, starting the worker, loading the model)`,
    );
    const caption = expectedAlt('images/chelsea.png');
    const expected = original.replace('![](../images/chelsea.png)', `![${caption}](../images/chelsea.png)`);
    assert.equal(editor.document.getText(), expected);
    assert.equal(editor.document.getText(editor.selection), caption, 'the inserted alt text is selected');
    await settledDiagnostics(uri, 4);

    // The same picture again comes from the cache.
    const reference = (await settledDiagnostics(uri, 4)).find((d) => editor.document.getText(d.range) === '![][mascot]')!;
    const fromCache = (await ourCodeActions(uri, reference.range))[0];
    const again = performance.now();
    assert.equal(await runCodeAction(fromCache), true);
    log(`cached caption: ${(performance.now() - again).toFixed(0)} ms`);
    assert.ok(editor.document.getText().includes(`![${caption}][mascot]`));

    const screenshot = (await settledDiagnostics(uri, 3)).find((d) => editor.document.getText(d.range).startsWith('![screenshot]'))!;
    const another = (await ourCodeActions(uri, screenshot.range))[0];
    const third = performance.now();
    assert.equal(await runCodeAction(another), true);
    log(`next caption (model loaded): ${(performance.now() - third).toFixed(0)} ms`);
    assert.ok(editor.document.getText().includes(`![${expectedAlt('images/rocket.png')}](../images/rocket.png)`));

    await undoUntil(editor, original);
    await settledDiagnostics(uri, 5);
  });

  it('"Mark as decorative" empties the alt in Markdown, records the intent, and the diagnostic goes', async () => {
    const editor = await open('docs/guide.md');
    const uri = editor.document.uri;
    const original = editor.document.getText();
    const placeholder = (await settledDiagnostics(uri, 5)).find((d) => editor.document.getText(d.range).startsWith('![IMG_1234]'))!;
    const decorative = (await ourCodeActions(uri, placeholder.range)).find((a) => a.title === 'Mark as decorative')!;
    assert.equal(await runCodeAction(decorative), true);
    assert.equal(
      editor.document.getText(),
      original.replace('![IMG_1234](../images/coffee.jpg "Coffee")', '![](../images/coffee.jpg "Coffee")<!-- alt-text: decorative -->'),
    );
    const after = await settledDiagnostics(uri, 4);
    assert.ok(!after.some((d) => editor.document.getText(d.range).includes('coffee.jpg')));
    await undoUntil(editor, original);
  });

  it('"Mark as decorative" writes alt="" in HTML', async () => {
    const editor = await open('site/index.html');
    const uri = editor.document.uri;
    const original = editor.document.getText();
    const missing = (await settledDiagnostics(uri, 2)).find((d) => typeof d.code === 'object' && d.code.value === 'missing-alt')!;
    assert.equal(await runCodeAction((await ourCodeActions(uri, missing.range)).find((a) => a.title === 'Mark as decorative')!), true);
    assert.equal(
      editor.document.getText(),
      original.replace('<img src="../images/chelsea-copy.png" class="hero">', '<img src="../images/chelsea-copy.png" alt="" class="hero">'),
    );
    await settledDiagnostics(uri, 1);
    await undoUntil(editor, original);
  });

  it('"Generate alt text for all images in this file" fixes every finding of an MDX file in one undoable edit', async () => {
    const editor = await open('docs/page.mdx');
    const uri = editor.document.uri;
    const original = editor.document.getText();
    const [first] = await settledDiagnostics(uri, 3);
    const all = (await ourCodeActions(uri, first.range)).find((a) => a.title.startsWith('Generate alt text for all images'))!;
    assert.equal(await runCodeAction(all), 3);
    const expected = original
      .replace('<img src="../images/camera.png" />', `<img src="../images/camera.png" alt="${expectedAlt('images/camera.png')}" />`)
      .replace('![](../images/coffee.jpg)', `![${expectedAlt('images/coffee.jpg')}](../images/coffee.jpg)`)
      .replace('alt="image"', `alt="${expectedAlt('images/rocket.png')}"`);
    assert.equal(editor.document.getText(), expected);
    await settledDiagnostics(uri, 0);
    // One edit: a single undo restores the file.
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  it('offers the whole-file fix as a source action', async () => {
    const editor = await open('site/index.html');
    const uri = editor.document.uri;
    await settledDiagnostics(uri, 2);
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await ourCodeActions(uri, whole, vscode.CodeActionKind.Source);
    const source = actions.find((a) => a.kind?.value === 'source.localAltText.generateAll');
    assert.ok(source, `no source action among ${actions.map((a) => a.title).join(', ')}`);
    const original = editor.document.getText();
    assert.equal(await runCodeAction(source), 2);
    const images = scanDocument(editor.document.getText(), 'html');
    assert.equal(images.find((r) => r.src === '../images/chelsea-copy.png')?.alt, expectedAlt('images/chelsea-copy.png'));
    assert.equal(images.find((r) => r.src === 'logo.png')?.alt, expectedAlt('site/logo.png'));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
    await settledDiagnostics(uri, 2);
  });
});
