// usage: INSTALL_VSIX=FILE AS_PERSON=1 with-code-server.sh node paste.js WORKSPACE_DIR SHOTS_DIR
// A writer pastes a screenshot into a Markdown file and drops an image file into another, in the
// real workbench in headless Chromium, having chosen our edit as the default in the settings
// (editor.pasteAs.preferences, editor.dropIntoEditor.preferences). Both end with the generated alt
// text in the editor and the image copied next to the document.
//
// Headless Chromium has no system clipboard or drag source a test can fill with an image, so the
// browser events are made in the page: a `paste` ClipboardEvent and a `drop` DragEvent, each with a
// DataTransfer holding a PNG as a File, dispatched where the real ones arrive (the editor's
// focused input element for paste; the editor's text area at a line for drop). From there on
// everything is VS Code's own: its paste and drop controllers, the provider, the edit.
const fs = require('fs');
const path = require('path');
const { check, scenarioFolders, runScenario, goTo, runCommand, modifier, CAPTION_GUARD_MS } = require('./workbench');

const { workspace } = scenarioFolders();
const IMAGES = path.resolve(__dirname, '../../fixtures/blip-reference/images');
const GOLDEN = require('../../fixtures/blip-reference/golden.json');
const { altFor } = require('../out/altFor');
const KIND = 'markdown.link.image.generatedAlt';

/** The writer's choice: our edit first, for paste and for drop. */
function preferOurEdit() {
  const file = path.join(workspace, '.vscode/settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  settings['editor.pasteAs.preferences'] = [KIND];
  settings['editor.dropIntoEditor.preferences'] = [KIND];
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

function writeDocument(relative, text) {
  fs.mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true });
  fs.writeFileSync(path.join(workspace, relative), text);
}

/**
 * Quick Open, clicking the row of that very file (the list shows recent files before the search
 * catches up), tried again while a fresh workspace is still being indexed on a busy machine.
 */
async function openFileWhenIndexed(page, name, someText) {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press(`${modifier}+P`);
      await page.waitForSelector('.quick-input-widget input', { timeout: 10_000 });
      await page.keyboard.type(name);
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.]/g, '\\.')}$`) }) })
        .first()
        .click({ timeout: 15_000 });
      await editor.locator('.view-lines').getByText(someText).first().waitFor({ timeout: 20_000 });
      return editor;
    } catch (err) {
      if (attempt === 5) throw err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(2000);
    }
  }
}

/** Waits for the inserted image with a non-empty alt text on a line of the editor; returns the alt text. */
async function insertedAlt(editor, file) {
  const pattern = new RegExp(`!\\[([^\\]]+)\\]\\(${file.replace(/[.]/g, '\\.')}\\)`);
  const line = editor.locator('.view-line').filter({ hasText: pattern }).first();
  await line.waitFor({ timeout: CAPTION_GUARD_MS });
  const text = (await line.innerText()).replace(/\u00a0/g, ' ');
  console.log(`in the editor: ${text}`);
  return pattern.exec(text)[1];
}

/** The alt text for the tiny model's caption of a reference image, as the reference implementation decoded it. */
function goldenCaption(name) {
  return altFor(GOLDEN.images[name].greedy.text);
}

/** With VERBOSE set, the extension's log at the time of the failure. */
async function showLog(page) {
  if (!process.env.VERBOSE) return;
  await runCommand(page, 'Local Alt Text: Show Log').catch(() => undefined);
  await page.waitForTimeout(2000);
  console.log(
    await page
      .locator('.panel .monaco-editor')
      .first()
      .innerText()
      .catch((e) => e.message),
  );
}

preferOurEdit();
writeDocument('notes/release.md', '# Release notes\n\nThe new start screen:\n\n');
writeDocument('notes/drop.md', '# Dropped\n\nHere:\n\n');
const pastedFile = path.join(IMAGES, 'chelsea.png');
const droppedFile = path.join(IMAGES, 'one-pixel.png');

runScenario('PERSON-LIKE PASTE TEST', { failureShot: 'paste-failure.png', onFailure: showLog }, async ({ page, shot }) => {
  if (process.env.VERBOSE) page.on('console', (m) => console.log(`[page ${m.type()}]`, m.text().slice(0, 800)));
  // Paste a screenshot at the empty line 5.
  let editor = await openFileWhenIndexed(page, 'release.md', 'Release notes');
  await goTo(page, '5');
  // The status bar item shows once the extension is active; the editor's focus settles after Go to Line.
  await page.locator('.statusbar-item').filter({ hasText: 'Alt text' }).first().waitFor();
  await page.waitForTimeout(3000);
  const pasted = await page.evaluate((data) => {
    const target = document.activeElement;
    if (!target || !target.closest('.monaco-editor')) return 'the editor does not have focus';
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
    const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return event.defaultPrevented ? 'taken' : 'not taken';
  }, fs.readFileSync(pastedFile).toString('base64'));
  check(pasted === 'taken', `the editor did not take the paste: ${pasted}`);
  const pastedAlt = await insertedAlt(editor, 'image.png');
  check(
    pastedAlt.toLowerCase() === goldenCaption('chelsea').toLowerCase(),
    `the pasted image's alt text "${pastedAlt}" is not the model's caption "${goldenCaption('chelsea')}"`,
  );
  await shot('paste-alt.png', 800);
  check(
    fs.readFileSync(path.join(workspace, 'notes/image.png')).equals(fs.readFileSync(pastedFile)),
    'the pasted image was not copied next to the document',
  );
  // The paste widget lists our edit beside VS Code's own; the preference made ours the one applied.
  await page.locator('.post-edit-widget').first().click();
  const options = page.locator('.action-widget');
  await options.getByText('Insert image with generated alt text').first().waitFor();
  const titles = (await options.locator('.monaco-list-row').allInnerTexts()).map((t) => t.trim());
  console.log(`paste options: ${titles.join(' | ')}`);
  check(titles.length >= 2, 'the paste widget does not offer the built-in edit beside ours');
  await shot('paste-options.png');
  await page.keyboard.press('Escape');

  // Drop an image file on line 5 of another document (Shift held, as VS Code asks for a drop into the editor).
  editor = await openFileWhenIndexed(page, 'drop.md', 'Dropped');
  await page.waitForTimeout(3000);
  const box = await editor.locator('.view-line').nth(4).boundingBox();
  check(box, 'line 5 is not on screen');
  const dropped = await page.evaluate(
    ({ data, x, y }) => {
      const target = document.elementFromPoint(x, y);
      if (!target || !target.closest('.monaco-editor')) return `no editor at ${x},${y}`;
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'screen.png', { type: 'image/png' }));
      const init = { dataTransfer: transfer, bubbles: true, cancelable: true, clientX: x, clientY: y, shiftKey: true };
      target.dispatchEvent(new DragEvent('dragenter', init));
      target.dispatchEvent(new DragEvent('dragover', init));
      const drop = new DragEvent('drop', init);
      target.dispatchEvent(drop);
      return drop.defaultPrevented ? 'taken' : 'not taken';
    },
    { data: fs.readFileSync(droppedFile).toString('base64'), x: box.x + 4, y: box.y + box.height / 2 },
  );
  check(dropped === 'taken', `the editor did not take the drop: ${dropped}`);
  const droppedAlt = await insertedAlt(editor, 'screen.png');
  check(
    droppedAlt.toLowerCase() === goldenCaption('one-pixel').toLowerCase(),
    `the dropped image's alt text "${droppedAlt}" is not the model's caption`,
  );
  await shot('drop-alt.png', 800);
  check(
    fs.readFileSync(path.join(workspace, 'notes/screen.png')).equals(fs.readFileSync(droppedFile)),
    'the dropped image was not copied next to the document',
  );
  console.log('person-like paste and drop test passed');
});
