import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { altEdit, decorativeEdit, documentKindFor, isFinding, scanDocument } from '../../../src/markdown';
import images from './images.json';
import { expectedAlt } from './captions';
import { CAPTION_GUARD_MS, log, open, pristine, setUncontributedSetting, sleep, textOf, undoUntil, waitFor } from './helpers';
import { Command } from '../../../src/extension/commandIds';

const CHANGED = ['docs/guide.md', 'docs/page.mdx', 'site/index.html', 'blog/edited-during-fix.md'];
const LEFT_ALONE = ['ignored/by-gitignore.md', 'hidden/by-files-exclude.md', 'drafts/by-setting.md', 'README.md'];

/** The workspace image a source in a fixture file points at. */
function imageOf(file: string, src: string): string {
  const resolved = src.startsWith('/') ? src.slice(1) : new URL(src, `file:///${file}`).pathname.slice(1);
  assert.ok(resolved in images, `${src} in ${file} is not a fixture image`);
  return resolved;
}

/** The workspace's images whose likely purpose is decoration: the one-pixel spacer of docs/guide.md. */
const DECORATIVE = new Set(['images/one-pixel.png']);

/**
 * The fixture file with every finding given the alt text its image should get, by the scanner's own
 * edit function: the caption, or the decorative mark for the images named in DECORATIVE.
 */
function expectedAfterFix(file: string, text = pristine(file)): string {
  const findings = scanDocument(text, documentKindFor(file)!).filter((r) => isFinding(r));
  let result = text;
  for (const ref of findings.reverse()) {
    const image = imageOf(file, ref.src);
    const edit = DECORATIVE.has(image) ? decorativeEdit(text, ref) : altEdit(text, ref, expectedAlt(image));
    result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  }
  return result;
}

interface FixResult {
  files: number;
  images: number;
  applied: number;
  skipped: number;
  cancelled: boolean;
}

describe('fix missing alt text in workspace', () => {
  afterEach(async () => {
    await setUncontributedSetting('test.autoAcceptReview', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('captions every finding in the selected files, applies them in one undoable edit, and undo restores everything', async () => {
    await setUncontributedSetting('test.autoAcceptReview', true);
    const started = performance.now();
    const result = await vscode.commands.executeCommand<FixResult>(Command.fixWorkspace);
    log(`workspace fix: ${(performance.now() - started).toFixed(0)} ms for ${result.images} images in ${result.files} files`);
    assert.deepEqual(result, { files: 5, images: 12, applied: 12, skipped: 0, cancelled: false });
    for (const file of CHANGED) assert.equal(await textOf(file), expectedAfterFix(file), `${file} after the fix`);
    for (const file of LEFT_ALONE) assert.equal(await textOf(file), pristine(file), `${file} must not be touched`);

    // One undo in any of the files takes back the whole edit, in every file.
    const editor = await open('docs/guide.md');
    await vscode.commands.executeCommand('undo');
    await waitFor('undo in every file', async () => {
      for (const file of CHANGED) if ((await textOf(file)) !== pristine(file)) return false;
      return true;
    });
    assert.equal(editor.document.getText(), pristine('docs/guide.md'));
  });

  it('shows the review, and re-checks documents the writer edited meanwhile: nothing lands on stale text', async () => {
    const running = vscode.commands.executeCommand<FixResult>(Command.fixWorkspace);
    const tab = await waitFor(
      'the review panel',
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Review Alt Text'),
      CAPTION_GUARD_MS,
    );
    assert.ok(tab);

    // While the review is open, the writer edits a file the fix will change: a paragraph above
    // both images, and an alt text of their own for the second image.
    const editor = await open('blog/edited-during-fix.md');
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Written while the review was open.\n\n'));
    const second = editor.document.getText().indexOf('![](../images/camera.png)');
    await editor.edit((b) => b.insert(editor.document.positionAt(second + 2), 'An old camera'));
    const edited = editor.document.getText();
    await sleep(100);

    await vscode.commands.executeCommand(Command.reviewApply);
    const result = await running;
    assert.equal(result.cancelled, false);
    assert.equal(result.applied, 11);
    assert.equal(result.skipped, 1, 'the image the writer changed is skipped');

    const blog = await textOf('blog/edited-during-fix.md');
    assert.equal(blog, edited.replace('![](../images/rocket.png)', `![${expectedAlt('images/rocket.png')}](../images/rocket.png)`));
    for (const file of CHANGED.filter((f) => !f.startsWith('blog/')))
      assert.equal(await textOf(file), expectedAfterFix(file), `${file} after the fix`);

    await undoUntil(editor, edited);
    for (const file of CHANGED.filter((f) => !f.startsWith('blog/')))
      assert.equal(await textOf(file), pristine(file), `${file} after undo`);
  });

  it('changes nothing when the review is cancelled', async () => {
    const running = vscode.commands.executeCommand<FixResult>(Command.fixWorkspace);
    await waitFor(
      'the review panel',
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Review Alt Text'),
      CAPTION_GUARD_MS,
    );
    await vscode.commands.executeCommand(Command.reviewCancel);
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.equal(result.applied, 0);
    for (const file of ['docs/guide.md', 'docs/page.mdx', 'site/index.html']) assert.equal(await textOf(file), pristine(file));
  });
});
