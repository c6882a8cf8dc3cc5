import { strict as assert } from 'node:assert';
import { scanMarkdownEvents } from '../../../src/markdown/markdownScanner';
import { literalAutolinksMatter, markdownEvents } from '../../../src/markdown/markdownTokens';
import { generateMarkdown } from './support/generateDocument';
import { expectSameAsRendered } from './support/scanHelpers';

function scanWith(markdown: string, constructs: 'as-needed' | 'all') {
  const shift = markdown.startsWith('\uFEFF') ? 1 : 0;
  return scanMarkdownEvents({ text: markdown, shift, dialect: 'markdown', htmlSyntax: 'markdown-html' }, {}, { constructs });
}

function tokenTypes(markdown: string, constructs: 'as-needed' | 'all'): string {
  return markdownEvents(markdown, { constructs }).map(([kind, token]) => `${kind} ${token.type} ${token.start.offset}-${token.end.offset}`).join('\n');
}

// Constructs are left out of tokenizing when a document cannot hold them; that must never change
// what is found. Each case holds a construct at the edge of what its test looks for.
describe('construct selection', () => {
  const documents = [
    '---\ntitle: x\n---\n![a](b.png)',
    '+++\ntitle = "x"\n+++\n![a](b.png)',
    'text\n---\n![a](b.png)',
    '![a ~~b~~ ~c~](d.png)',
    '- [ ] ![task](t.png)\n- [x] done',
    'Note[^n] ![a](b.png)\n\n[^n]: ![foot](f.png)',
    '| a |\n| - |\n| ![cell](c.png) |',
    'a\n:-\n![single column](s.png)',
    '> | a | b |\n> |---|---|\n> | ![quoted table](q.png) | x |',
    '- | a |\n  | --- |\n  | ![list table](l.png) |',
    'See www.example.com/![swallowed](x.png) and ![kept](k.png)',
    'See https://example.com/`code ![a](b.png) `',
    '[![badge](https://img.shields.io/b.svg)](https://example.com)',
  ];
  documents.forEach((markdown, i) => {
    it(`gives the same tokens for document ${i + 1}`, () => {
      assert.equal(tokenTypes(markdown, 'as-needed'), tokenTypes(markdown, 'all'));
      expectSameAsRendered(markdown);
    });
  });

  it('finds the same images in 100 generated documents', () => {
    for (let seed = 2000; seed < 2100; seed++) {
      const markdown = generateMarkdown(seed);
      assert.deepEqual(scanWith(markdown, 'as-needed'), scanWith(markdown, 'all'), `seed ${seed}`);
    }
  });

  it('a URL running into an image swallows it, as GFM says', () => {
    assert.deepEqual(scanWith('www.example.com/![a](b.png)', 'as-needed'), []);
    assert.equal(scanWith('www.example.com/ ![a](b.png)', 'as-needed').length, 1);
  });

  it('knows when literal autolinks can matter', () => {
    assert.equal(literalAutolinksMatter('see https://example.com/docs and [x](https://a.b/c)'), false);
    assert.equal(literalAutolinksMatter('see https://example.com/<b>![a](b.png)</b>'), false, 'a URL stops at <');
    assert.equal(literalAutolinksMatter('[![b](https://x.y/b.svg)](https://x.y)'), true);
    assert.equal(literalAutolinksMatter('WWW.EXAMPLE.COM/`a`'), true);
  });
});
