import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LocalAltTextApi } from '../../../src/extension';
import { expectedAlt } from './captions';
import { extension, ourDiagnostics, REPOSITORY, settledDiagnostics, uriOf, waitFor, workspaceRoot } from './helpers';
import images from './images.json';

/** A reference image's bytes, as a writer would paste or drop them. */
function referenceImage(workspaceImage: keyof typeof images): { file: string; bytes: Uint8Array } {
  const file = path.join(REPOSITORY, 'test/fixtures/blip-reference/images', images[workspaceImage].file);
  return { file, bytes: new Uint8Array(fs.readFileSync(file)) };
}

/** A data transfer item holding a file, as VS Code makes one for a pasted screenshot or a file dropped from the system. */
class FileItem extends vscode.DataTransferItem {
  constructor(private readonly file: vscode.DataTransferFile) {
    super('');
  }
  override asFile(): vscode.DataTransferFile {
    return this.file;
  }
}

function transferOfFile(mime: string, name: string, bytes: Uint8Array, uri?: vscode.Uri): vscode.DataTransfer {
  const transfer = new vscode.DataTransfer();
  transfer.set(mime, new FileItem({ name, uri, data: async () => bytes }));
  return transfer;
}

async function api(): Promise<LocalAltTextApi> {
  return (await extension().activate()) as LocalAltTextApi;
}

const never = new vscode.CancellationTokenSource().token;
const automatic = { only: undefined, triggerKind: vscode.DocumentPasteTriggerKind.Automatic };

/** A fresh document in a folder of its own, so that the files a paste writes are easy to see. */
async function newDocument(relative: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceRoot(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(document, { preview: false });
}

function filesIn(relativeFolder: string): string[] {
  return fs
    .readdirSync(path.join(workspaceRoot(), relativeFolder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(path.join(workspaceRoot(), relativeFolder), path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function paste(editor: vscode.TextEditor, transfer: vscode.DataTransfer, token = never): Promise<vscode.DocumentPasteEdit> {
  const provider = (await api()).pasteDrop;
  const edits = await provider.provideDocumentPasteEdits(editor.document, [editor.selection], transfer, automatic, never);
  assert.equal(edits?.length, 1, 'one paste edit');
  const resolved = await provider.resolveDocumentPasteEdit(edits![0], token);
  // VS Code applies nothing at the ranges for an empty insert text, only the additional edit.
  assert.equal(resolved.insertText, '');
  assert.ok(resolved.additionalEdit, 'the resolved edit writes the image');
  assert.equal(await vscode.workspace.applyEdit(resolved.additionalEdit), true);
  return resolved;
}

describe('paste and drop', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('offers an edit of its own kind, a child of the built-in Markdown image edit, yielding to it', async () => {
    const editor = await newDocument('arrivals/kinds.md', 'Kinds\n');
    const provider = (await api()).pasteDrop;
    const { bytes } = referenceImage('images/camera.png');
    const edits = await provider.provideDocumentPasteEdits(
      editor.document,
      [editor.selection],
      transferOfFile('image/png', 'image.png', bytes),
      automatic,
      never,
    );
    assert.equal(edits?.length, 1);
    const builtIn = vscode.DocumentDropOrPasteEditKind.Empty.append('markdown', 'link', 'image');
    assert.equal(edits![0].kind.value, 'markdown.link.image.generatedAlt');
    assert.ok(builtIn.contains(edits![0].kind));
    assert.deepEqual(
      edits![0].yieldTo?.map((k) => k.value),
      ['markdown.link.image'],
    );
    assert.equal(edits![0].title, 'Insert image with generated alt text');

    // "Paste As" for another kind gets nothing from us; text without an image neither.
    const only = {
      only: vscode.DocumentDropOrPasteEditKind.Empty.append('markdown', 'link', 'uri'),
      triggerKind: vscode.DocumentPasteTriggerKind.PasteAs,
    };
    assert.equal(
      await provider.provideDocumentPasteEdits(
        editor.document,
        [editor.selection],
        transferOfFile('image/png', 'image.png', bytes),
        only,
        never,
      ),
      undefined,
    );
    const text = new vscode.DataTransfer();
    text.set('text/plain', new vscode.DataTransferItem('just words'));
    assert.equal(await provider.provideDocumentPasteEdits(editor.document, [editor.selection], text, automatic, never), undefined);
    // Offering the edit writes nothing yet.
    assert.deepEqual(filesIn('arrivals'), ['kinds.md']);
  });

  it('a pasted screenshot is copied next to the document and inserted with the generated alt text', async () => {
    const editor = await newDocument('arrivals/paste/notes.md', '# Notes\n\nSee: \n');
    editor.selection = new vscode.Selection(2, 5, 2, 5);
    const { bytes } = referenceImage('images/camera.png');
    const caption = expectedAlt('images/camera.png');

    await paste(editor, transferOfFile('image/png', 'image.png', bytes));
    assert.equal(editor.document.getText(), `# Notes\n\nSee: ![${caption}](image.png)\n`);
    assert.deepEqual(filesIn('arrivals/paste'), ['image.png', 'notes.md']);
    assert.deepEqual(new Uint8Array(fs.readFileSync(uriOf('arrivals/paste/image.png').fsPath)), bytes);
    await settledDiagnostics(editor.document.uri, 0);

    // The same name again is counted up (markdown.copyFiles.overwriteBehavior: nameIncrementally).
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await paste(editor, transferOfFile('image/png', 'image.png', bytes));
    assert.equal(editor.document.getText(), `# Notes\n\nSee: ![${caption}](image.png)\n![${caption}](image-1.png)`);
    assert.deepEqual(filesIn('arrivals/paste'), ['image-1.png', 'image.png', 'notes.md']);
  });

  it('honours markdown.copyFiles.destination and overwriteBehavior', async () => {
    const markdown = vscode.workspace.getConfiguration('markdown');
    await markdown.update(
      'copyFiles.destination',
      { '/arrivals/dest/**/*.md': '/arrivals/media/${documentBaseName}/' },
      vscode.ConfigurationTarget.Workspace,
    );
    await markdown.update('copyFiles.overwriteBehavior', 'overwrite', vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await newDocument('arrivals/dest/guide/page.md', '');
      const first = referenceImage('images/camera.png');
      const second = referenceImage('images/rocket.png');
      await paste(editor, transferOfFile('image/png', 'shot.png', first.bytes));
      assert.equal(editor.document.getText(), `![${expectedAlt('images/camera.png')}](../../media/page/shot.png)`);
      assert.deepEqual(filesIn('arrivals/media'), ['page/shot.png']);

      // Overwrite: the second picture replaces the first under the same name.
      editor.selection = new vscode.Selection(0, 0, 0, editor.document.getText().length);
      await paste(editor, transferOfFile('image/png', 'shot.png', second.bytes));
      assert.equal(editor.document.getText(), `![${expectedAlt('images/rocket.png')}](../../media/page/shot.png)`);
      assert.deepEqual(filesIn('arrivals/media'), ['page/shot.png']);
      assert.deepEqual(new Uint8Array(fs.readFileSync(uriOf('arrivals/media/page/shot.png').fsPath)), second.bytes);
    } finally {
      await markdown.update('copyFiles.destination', undefined, vscode.ConfigurationTarget.Workspace);
      await markdown.update('copyFiles.overwriteBehavior', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('an image dropped from the Explorer is linked where it is, not copied, in HTML', async () => {
    const editor = await newDocument('arrivals/drop/page.html', '<p>\n</p>\n');
    const provider = (await api()).pasteDrop;
    const transfer = new vscode.DataTransfer();
    transfer.set('text/uri-list', new vscode.DataTransferItem(`${uriOf('images/rocket.png').toString()}\r\n`));
    const edit = await provider.provideDocumentDropEdits(editor.document, new vscode.Position(1, 0), transfer, never);
    assert.ok(edit);
    assert.equal(edit.kind?.value, 'html.image.generatedAlt');
    assert.equal(edit.insertText, '');
    assert.equal(await vscode.workspace.applyEdit(edit.additionalEdit!), true);
    assert.equal(editor.document.getText(), `<p>\n<img src="../../images/rocket.png" alt="${expectedAlt('images/rocket.png')}"></p>\n`);
    assert.deepEqual(filesIn('arrivals/drop'), ['page.html']);
  });

  it('an image dropped from outside the workspace is copied into it, in MDX', async () => {
    const editor = await newDocument('arrivals/drop-mdx/post.mdx', 'Hello\n\n');
    const provider = (await api()).pasteDrop;
    const image = referenceImage('images/chelsea.png');
    const outside = vscode.Uri.file(image.file);
    assert.equal(vscode.workspace.getWorkspaceFolder(outside), undefined, 'the fixture lies outside the workspace');
    const edit = await provider.provideDocumentDropEdits(
      editor.document,
      new vscode.Position(2, 0),
      transferOfFile('image/png', 'chelsea.png', image.bytes, outside),
      never,
    );
    assert.ok(edit);
    assert.equal(edit.kind?.value, 'markdown.link.image.generatedAlt');
    assert.equal(await vscode.workspace.applyEdit(edit.additionalEdit!), true);
    assert.equal(editor.document.getText(), `Hello\n\n![${expectedAlt('images/chelsea.png')}](chelsea.png)`);
    assert.deepEqual(new Uint8Array(fs.readFileSync(uriOf('arrivals/drop-mdx/chelsea.png').fsPath)), image.bytes);
  });

  it('a cancelled caption still inserts the image, without alt text, and the diagnostic reports it', async () => {
    const editor = await newDocument('arrivals/cancel/a.md', '');
    const cancelled = new vscode.CancellationTokenSource();
    cancelled.cancel();
    await paste(editor, transferOfFile('image/png', 'image.png', referenceImage('images/one-pixel.png').bytes), cancelled.token);
    assert.equal(editor.document.getText(), '![](image.png)');
    assert.deepEqual(filesIn('arrivals/cancel'), ['a.md', 'image.png']);
    const [diagnostic] = await settledDiagnostics(editor.document.uri, 1);
    assert.equal(editor.document.getText(diagnostic.range), '![](image.png)');
  });

  it('without a model the image is inserted without alt text at once, and nothing asks for a download', async () => {
    const configuration = vscode.workspace.getConfiguration('localAltText');
    // A machine setting (docs/security.md): the suite set it as the user's, so it is cleared there.
    const folder = configuration.inspect<string>('model.localFolder')?.globalValue;
    const setModelFolder = (value: string | undefined) =>
      configuration.update('model.localFolder', value, vscode.ConfigurationTarget.Global);
    // No local folder and an empty cache: the hub model is not installed.
    await setModelFolder('');
    await waitFor('the model setting to change', () => vscode.workspace.getConfiguration('localAltText').get('model.localFolder') === '');
    try {
      const html = await newDocument('arrivals/no-model/page.html', '');
      // A download prompt would be modal and never answered here: the paste would hang, not finish.
      await paste(html, transferOfFile('image/png', 'image.png', referenceImage('images/camera.png').bytes));
      assert.equal(html.document.getText(), '<img src="image.png">');
      const markdown = await newDocument('arrivals/no-model/page.md', '');
      await paste(markdown, transferOfFile('image/jpeg', 'photo.jpg', referenceImage('images/coffee.jpg').bytes));
      assert.equal(markdown.document.getText(), '![](photo.jpg)');
      assert.deepEqual(filesIn('arrivals/no-model'), ['image.png', 'page.html', 'page.md', 'photo.jpg']);
      await waitFor('a missing-alt diagnostic on the HTML image', () => ourDiagnostics(html.document.uri).length === 1);
      await settledDiagnostics(markdown.document.uri, 1);
    } finally {
      await setModelFolder(folder);
    }
  });
});
