import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, postprocess, preprocess } from 'micromark';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Event, Token } from 'micromark-util-types';
import { markdownTokensOf, READ_TOKEN_TYPES } from '../../../src/markdown/markdownEventReader';
import { extensionTypes, frontMatterTypes, types } from '../../../src/markdown/markdownTokenTypes';
import { markdownEventPieces, markdownEvents } from '../../../src/markdown/markdownTokens';

// The scanner reads micromark's events directly and leans on a few of its internals: the block
// phase's events before postprocess (chunkFlow tokens with their `_tokenizer`, chunkText tokens
// linked by `previous`/`next`), the parser's `defined` and `gfmFootnotes` lists (shared between the
// pieces of a long document), and the token types and their order. These are not micromark's public
// API, so they were checked against the versions below; each check says what changed if one fails.
const CHECKED_WITH: Record<string, string> = {
  micromark: '4.0.3',
  'micromark-extension-gfm-autolink-literal': '2.1.0',
  'micromark-extension-gfm-footnote': '2.1.0',
  'micromark-extension-gfm-strikethrough': '2.1.0',
  'micromark-extension-gfm-table': '2.1.2',
  'micromark-extension-frontmatter': '2.0.0',
  'micromark-util-symbol': '2.0.1',
};

function installedVersion(name: string): string {
  const manifest = path.join(process.cwd(), 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

// One document with every construct the reader acts on.
const SAMPLE = [
  '---',
  'title: t',
  '---',
  '# Heading ![h](h.png)',
  '',
  'Setext ![s](s.png)',
  '===',
  '',
  'Text [![a](a.png "Title") link](https://example.com) ![r][ref] `code` \\* &amp; <https://auto.example> <a@b.example>',
  'www.example.com https://example.com/x a@b.example ~~gone~~ note[^1] <img src="i.png"> hard\\',
  'break  ',
  'trailing [l][ref] [c][]',
  '',
  '| a |',
  '| - |',
  '| ![t](t.png) |',
  '',
  '<div>',
  '<img src="b.png">',
  '</div>',
  '',
  '[ref]: r.png "Ref title"',
  '[c]: c.html',
  '',
  '[^1]: Footnote.',
  '',
].join('\n');

describe('micromark internals the scanner relies on', () => {
  it('are those of the versions they were checked against', () => {
    for (const [name, version] of Object.entries(CHECKED_WITH)) {
      const installed = installedVersion(name);
      assert.equal(
        installed,
        version,
        `${name} is ${installed}, but the scanner's reading of micromark's internals was checked against ${version}: ` +
          'run the other checks in this file, read the changelog for changes to token types, chunk tokens and the parser ' +
          'state named here, then update CHECKED_WITH',
      );
    }
  });

  it('every token type the scanner reads is one micromark emits, under the name the scanner uses', () => {
    const emitted = new Set(
      [SAMPLE, '+++\na = 1\n+++\n'].flatMap((markdown) =>
        markdownEvents(markdown, { constructs: 'all' }).map(([, token]) => token.type as string),
      ),
    );
    const named = [...READ_TOKEN_TYPES, ...Object.values(extensionTypes), ...Object.values(frontMatterTypes)];
    // The sample holds an inline `<img>` and an HTML block, so both HTML token types appear.
    const missing = named.filter((type) => !emitted.has(type));
    assert.deepEqual(missing, [], `micromark no longer emits these token types for a document that has them: ${missing.join(', ')}`);
    assert.equal(types.labelText, 'labelText', 'micromark-util-symbol renamed its token types');
  });

  it('the block phase leaves chunkFlow tokens with their tokenizer, whose chunkText tokens are linked', () => {
    const events: Event[] = parse({ extensions: [gfmTable()] })
      .document()
      .write(preprocess()('A paragraph\nover two lines ![a](a.png)\n', undefined, true));
    const flow = events.find(([, token]) => token.type === types.chunkFlow)?.[1];
    assert.ok(flow?._tokenizer, 'chunkFlow tokens no longer carry _tokenizer: the scan budget cannot count inline runs');
    const texts = flow._tokenizer.events.filter(([kind, token]) => kind === 'enter' && token.type === types.chunkText).map(([, t]) => t);
    assert.ok(texts.length >= 2, 'the flow tokenizer no longer holds a paragraph as chunkText tokens, one per line');
    assert.ok(texts[0].next === texts[1] && texts[1].previous === texts[0], 'chunkText tokens are no longer linked by next/previous');
    const paragraph = postprocess(events).filter(([kind, token]) => kind === 'enter' && token.type === types.image);
    assert.equal(paragraph.length, 1, 'postprocess no longer finishes the inline phase of the block events');
  });

  it('a token has its end when it is entered', () => {
    for (const [kind, token] of markdownEvents(SAMPLE, { constructs: 'all' }))
      if (kind === 'enter') assert.ok((token as Token).end.offset >= token.start.offset, `${token.type} is entered without its end`);
  });

  it('definitions and footnotes found in one piece are known in the next, through the parser state', () => {
    const filler = 'Some words of a paragraph to fill the piece.\n\n'.repeat(4);
    const markdown = `[far]: far.png\n\n[^n]: Note.\n\n${filler}Late ![x][far] and a call[^n].\n`;
    const pieces = markdownEventPieces(markdown, { pieceSize: 64 });
    assert.ok(pieces.length > 2, 'the document was not cut into pieces');
    const events = pieces.flatMap((piece) => piece.events());
    assert.ok(
      events.some(([kind, token]) => kind === 'enter' && token.type === types.image),
      'parser.defined is no longer how micromark knows definitions: a reference in a later piece is not an image',
    );
    assert.ok(
      events.some(([kind, token]) => kind === 'enter' && token.type === extensionTypes.gfmFootnoteCall),
      'parser.gfmFootnotes is no longer how the footnote extension knows definitions',
    );
  });

  it('inline HTML arrives as htmlTextData and lineEnding tokens that make up the tag as written', () => {
    const markdown = 'Text <img\nsrc="a.png"\nalt="A"> more\n';
    const { tokens } = markdownTokensOf({ text: markdown, shift: 0 }, {});
    const html = tokens.find((token) => token.kind === 'html');
    assert.ok(html && html.kind === 'html', 'no raw HTML token');
    assert.equal(html.value, markdown.slice(html.range.start, html.range.end));
    assert.equal(html.value, '<img\nsrc="a.png"\nalt="A">', 'the token is the whole tag');
  });
});
