import assert from 'node:assert/strict';
import { imageStartLines } from '../../../src/fix/lineIndex';
import { checkDocument } from '../../../src/cli/checkDocuments';
import { scanDocument } from '../../../src/markdown';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

describe('fix: the line an image is on', () => {
  // Classic Mac OS line ends: a lone CR ends a line in CommonMark and in VS Code alike.
  const crOnly = '# Title\r\rIntro text.\r\r![](a.png)\r\rMore text.\r![IMG_1234](b.png)\r';

  it('counts a lone CR as a line end, as the editor does, in a CR-only document', () => {
    const images = scanDocument(crOnly, 'markdown');
    assert.equal(images.length, 2);
    // Lines (0-based) as VS Code shows them: 0 "# Title", 2 "Intro text.", 4 "![](a.png)", 7 "![IMG_1234](b.png)".
    assert.deepEqual(imageStartLines(crOnly, images), [4, 7]);
    const lines = crOnly.split(/\r\n|\r|\n/);
    assert.deepEqual(
      imageStartLines(crOnly, images).map((line) => lines[line]),
      ['![](a.png)', '![IMG_1234](b.png)'],
      'each line holds its image',
    );
  });

  it('gives the editor the line the CLI reports, for LF, CRLF and CR documents', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alt-lines-'));
    try {
      for (const [name, end] of [
        ['lf.md', '\n'],
        ['crlf.md', '\r\n'],
        ['cr.md', '\r'],
      ] as const) {
        const text = crOnly.replace(/\r/g, end);
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        const checked = checkDocument(file, { cwd: dir, workspaceRoots: [dir] })!;
        const editorLines = imageStartLines(text, scanDocument(text, 'markdown'));
        assert.deepEqual(
          editorLines.map((line) => line + 1),
          checked.images.map((image) => image.start.line),
          name,
        );
        assert.deepEqual(editorLines, [4, 7], name);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
