import { strict as assert } from 'node:assert';
import { altEdit, scanDocument, type ScanOptions } from '../../../src/markdown';
import { applyEdit } from './support/applyEdit';
import { generateMarkdown } from './support/generateDocument';
import { expectImages } from './support/scanHelpers';

const mkdocs: ScanOptions = { indentedMarkdownBlocks: true };

describe('site dialects', () => {
  describe('Python-Markdown blocks (MkDocs)', () => {
    const text = [
      '# Page',
      '',
      '!!! note "Heads up"',
      '    ![IMG_2041](img/a.png)',
      '',
      '    <img src="img/b.png">',
      '',
      '=== "Linux"',
      '',
      '    ??? tip',
      '        ![A nested fox](img/c.png)',
      '',
      '    ```',
      '    ![in code](img/code.png)',
      '    ```',
      '',
      '    Some code:',
      '',
      '        ![indented code in a body](img/code2.png)',
      '',
      'After ![ok](img/d.png)',
      '',
      '```',
      '!!! note',
      '    ![fenced](img/e.png)',
      '```',
      '',
    ].join('\n');

    it('their indented bodies are Markdown, code inside them stays code', () => {
      expectImages(
        text,
        'markdown',
        [
          { text: '![IMG_2041](img/a.png)', syntax: 'markdown-inline', altState: 'placeholder' },
          { text: '<img src="img/b.png">', syntax: 'markdown-html', altState: 'missing' },
          { text: '![A nested fox](img/c.png)', alt: 'A nested fox' },
          { text: '![ok](img/d.png)' },
        ],
        mkdocs,
      );
    });

    it('without the option they are what CommonMark reads: a paragraph continued, or code', () => {
      assert.deepEqual(
        scanDocument(text, 'markdown').map((i) => i.src),
        ['img/a.png', 'img/d.png'],
      );
    });

    it('edits inside a body land in the document', () => {
      const images = scanDocument(text, 'markdown', mkdocs);
      for (const image of images) {
        const edited = applyEdit(text, altEdit(text, image, 'A *new* caption'));
        const again = scanDocument(edited, 'markdown', mkdocs);
        assert.equal(again.length, images.length);
        assert.ok(
          again.some((i) => i.alt === 'A *new* caption' && i.src === image.src),
          edited,
        );
      }
    });
  });

  describe('Python-Markdown blocks on generated documents', () => {
    it('a document indented under an admonition has the images it has on its own, and edits land', function () {
      let compared = 0;
      for (let seed = 1; seed <= 30; seed++) {
        const inner = generateMarkdown(seed);
        if (inner.startsWith('\uFEFF') || inner.startsWith('---')) continue;
        const eol = inner.includes('\r\n') ? '\r\n' : '\n';
        const prefix = `Intro${eol}${eol}!!! note "Generated"${eol}`;
        const outer =
          prefix +
          inner
            .split(eol)
            .map((line) => (line ? '    ' + line : line))
            .join(eol);
        const own = scanDocument(inner, 'markdown');
        const nested = scanDocument(outer, 'markdown', mkdocs);
        const view = (text: string, images: typeof own) =>
          images.map((i) => [
            i.syntax,
            i.src,
            i.alt,
            i.altState,
            text
              .slice(i.range.start, i.range.end)
              .replace(/\n {4}/g, '\n')
              .replace(/\r\n {4}/g, '\r\n'),
          ]);
        assert.deepEqual(view(outer, nested), view(inner, own), `seed ${seed}`);
        for (const image of nested.slice(0, 3)) {
          const edited = applyEdit(outer, altEdit(outer, image, 'A fox [1]'));
          assert.ok(
            scanDocument(edited, 'markdown', mkdocs).some((i) => i.range.start === image.range.start && i.alt === 'A fox [1]'),
            `seed ${seed}`,
          );
        }
        compared++;
      }
      assert.ok(compared >= 15, `only ${compared} documents compared`);
    });
  });

  describe('Liquid (Jekyll)', () => {
    it('a destination with Liquid blanks is an image, and its source keeps them', () => {
      const text = '![A fox]({{ site.baseurl }}/images/fox.png) and ![]({{ "/img/a.png" | relative_url }})\n';
      expectImages(
        text,
        'markdown',
        [
          { text: '![A fox]({{ site.baseurl }}/images/fox.png)', src: '{{ site.baseurl }}/images/fox.png', alt: 'A fox' },
          { src: '{{ "/img/a.png" | relative_url }}', altState: 'missing' },
        ],
        { liquid: true },
      );
      assert.deepEqual(
        scanDocument(text, 'markdown').map((i) => i.src),
        [],
      );
      const [, second] = scanDocument(text, 'markdown', { liquid: true });
      assert.equal(
        applyEdit(text, altEdit(text, second, 'A cat')),
        '![A fox]({{ site.baseurl }}/images/fox.png) and ![A cat]({{ "/img/a.png" | relative_url }})\n',
      );
    });
  });
});
