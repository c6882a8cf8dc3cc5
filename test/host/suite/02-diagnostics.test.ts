import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, pristine, setSetting, settledDiagnostics, span, spanOf, uriOf, waitFor } from './helpers';

describe('diagnostics', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('reports every Markdown image without useful alt text, with its exact range and reason', async () => {
    const text = pristine('docs/guide.md');
    await open('docs/guide.md');
    const diagnostics = await settledDiagnostics(uriOf('docs/guide.md'), 5);
    const expected = [
      ['![](../images/chelsea.png)', 'missing-alt', /has an empty alt text/],
      ['![screenshot](../images/rocket.png)', 'placeholder-alt', /"screenshot".*generic word/],
      ['![IMG_1234](../images/coffee.jpg "Coffee")', 'placeholder-alt', /"IMG_1234".*camera file name/],
      ['![][mascot]', 'missing-alt', /empty alt text/],
      ['<img src="../images/one-pixel.png" width="1">', 'missing-alt', /"one-pixel.png" has no alt text/],
    ] as const;
    const sorted = [...diagnostics].sort((a, b) => a.range.start.compareTo(b.range.start));
    sorted.forEach((d, i) => {
      const [construct, code, message] = expected[i];
      assert.deepEqual(span(d.range), spanOf(text, construct), `range of ${construct}`);
      assert.equal(d.code, code);
      assert.match(d.message, message);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    });
  });

  it('reports MDX and HTML images, and leaves decorative and described ones alone', async () => {
    await open('docs/page.mdx');
    const mdx = await settledDiagnostics(uriOf('docs/page.mdx'), 3);
    const mdxText = pristine('docs/page.mdx');
    assert.deepEqual(
      mdx.map((d) => span(d.range)).sort(),
      [
        spanOf(mdxText, '<img src="../images/camera.png" />'),
        spanOf(mdxText, '![](../images/coffee.jpg)'),
        spanOf(mdxText, '<Image src="../images/rocket.png" alt="image" width={320} />'),
      ].sort(),
    );

    await open('site/index.html');
    const html = await settledDiagnostics(uriOf('site/index.html'), 2);
    const htmlText = pristine('site/index.html');
    assert.deepEqual(
      html.map((d) => span(d.range)).sort(),
      [spanOf(htmlText, '<img src="../images/chelsea-copy.png" class="hero">'), spanOf(htmlText, '<img src="logo.png" alt="logo">')].sort(),
    );
    assert.match(html.find((d) => d.code === 'placeholder-alt')!.message, /"logo".*file name/);
  });

  it('follows the settings: which alt states count, and the severity', async () => {
    const uri = uriOf('site/index.html');
    await setSetting('findings.altStates', ['missing', 'placeholder', 'empty']);
    const withEmpty = await settledDiagnostics(uri, 3);
    assert.ok(withEmpty.some((d) => d.code === 'empty-alt'));
    await setSetting('findings.severity', 'error');
    await setSetting('findings.altStates', ['missing']);
    const missingOnly = await settledDiagnostics(uri, 1);
    assert.equal(missingOnly[0].severity, vscode.DiagnosticSeverity.Error);
    await setSetting('findings.altStates', undefined);
    await setSetting('findings.severity', undefined);
    assert.equal((await settledDiagnostics(uri, 2))[0].severity, vscode.DiagnosticSeverity.Warning);
  });

  it('updates as the writer types, after a short pause', async () => {
    const editor = await open('docs/guide.md');
    const uri = editor.document.uri;
    await settledDiagnostics(uri, 5);
    const before = editor.document.getText();
    // Give the first image an alt text by typing it.
    const at = editor.document.positionAt(before.indexOf('![](../images/chelsea.png)') + 2);
    await editor.edit((b) => b.insert(at, 'A tabby cat'));
    await settledDiagnostics(uri, 4);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '![](new.png)\n'));
    const after = await settledDiagnostics(uri, 5);
    assert.deepEqual(span(after.sort((a, b) => a.range.start.compareTo(b.range.start))[0].range), [0, 0, 0, 12]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // On a loaded machine the reverted text can arrive after the command returns.
    await waitFor('the reverted text', () => editor.document.getText() === before);
    assert.equal(editor.document.getText(), before);
  });
});
