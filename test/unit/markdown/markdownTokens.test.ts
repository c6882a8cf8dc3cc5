import { strict as assert } from 'node:assert';
import { scanMarkdownEvents } from '../../../src/markdown/markdownScanner';
import { literalAutolinksMatter, markdownEventPieces, markdownEvents } from '../../../src/markdown/markdownTokens';
import { generateMarkdown } from './support/generateDocument';
import { expectSameAsRendered } from './support/scanHelpers';

function scanWith(markdown: string, constructs: 'as-needed' | 'all', pieceSize = 1 << 30) {
  const shift = markdown.startsWith('\uFEFF') ? 1 : 0;
  return scanMarkdownEvents({ text: markdown, shift, dialect: 'markdown', htmlSyntax: 'markdown-html' }, {}, { constructs, pieceSize });
}

function tokenTypes(markdown: string, constructs: 'as-needed' | 'all'): string {
  return markdownEvents(markdown, { constructs })
    .map(([kind, token]) => `${kind} ${token.type} ${token.start.offset}-${token.end.offset}`)
    .join('\n');
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

// Long documents are tokenized in pieces; the pieces must find exactly what the whole would.
describe('long documents in pieces', () => {
  // Blocks that run on past a blank line into a line at the left margin, where pieces may be cut.
  const tricky = [
    '```\nfenced\n\n![in code](c.png)\n```',
    '~~~~\n~~~\n\n![still code](c.png)\n~~~~',
    '<!--\nstart\n\n![commented](c.png)\n-->',
    '<script>\nlet a = 1;\n\n<img src="s.png">\n</script>',
    '<pre>\n\n![pre](p.png)\n</pre>',
    '<?php\n\n<img src="php.png">\n?>',
    '<![CDATA[\n\n<img src="cdata.png">\n]]>',
    '<div>\n\n![after div](d.png)\n</div>',
    '- item ![one](1.png)\n\n- item ![two](2.png)\n\n  continued ![three](3.png)',
    '> quote ![q](q.png)\n\n> again ![r][late]',
    'Call[^late] ![img][early]',
    '[early]: early.png\n\n[^late]: ![in footnote](f.png)',
    '| a |\n| - |\n| ![cell](c.png) |',
    '[late]: late.png',
  ];

  function longDocument(seed: number): string {
    const parts: string[] = ['---\ntitle: x\n\nsummary: y\n---'];
    for (let i = 0; i < 40; i++) {
      parts.push(tricky[(i + seed) % tricky.length]);
      parts.push(generateMarkdown(seed * 100 + i, 4).replace(/^\uFEFF/, ''));
    }
    return parts.join('\n\n');
  }

  it('finds the same images as the whole document', () => {
    for (const seed of [1, 2, 3]) {
      const markdown = longDocument(seed);
      const whole = scanWith(markdown, 'as-needed');
      assert.ok(whole.length > 100);
      for (const pieceSize of [200, 1000, 5000])
        assert.deepEqual(scanWith(markdown, 'as-needed', pieceSize), whole, `seed ${seed}, pieces of ${pieceSize}`);
    }
  });

  it('keeps CRLF documents and a byte order mark intact', () => {
    const markdown = '\uFEFF' + longDocument(4).replace(/\n/g, '\r\n');
    assert.deepEqual(scanWith(markdown, 'as-needed', 500), scanWith(markdown, 'as-needed'));
  });

  it('cuts a long document into several pieces', () => {
    const pieces = markdownEventPieces(longDocument(5), { pieceSize: 1000 });
    assert.ok(pieces.length > 5, `${pieces.length} pieces`);
    assert.deepEqual(
      pieces.map((p) => p.offset),
      [...pieces.map((p) => p.offset)].sort((a, b) => a - b),
    );
  });
});
