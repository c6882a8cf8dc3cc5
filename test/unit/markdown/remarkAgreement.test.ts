import { strict as assert } from 'node:assert';
import type { Definition, Image, ImageReference, Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { scanDocument } from '../../../src/markdown';
import { generateMarkdown } from './support/generateDocument';

const remark = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze();

/** The Markdown images (not raw HTML) remark finds, in the scanner's terms. */
function remarkImages(markdown: string) {
  const shift = markdown.startsWith('\uFEFF') ? 1 : 0;
  const root = remark.parse(shift ? markdown.slice(1) : markdown) as Root;
  const images: Array<Image | ImageReference> = [];
  const definitions = new Map<string, string>();
  const visit = (node: Nodes): void => {
    if (node.type === 'image' || node.type === 'imageReference') images.push(node);
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set((node as Definition).identifier, node.url);
    if ('children' in node) node.children.forEach(visit);
  };
  visit(root);
  return images
    .map((node) => ({
      start: node.position!.start.offset! + shift,
      end: node.position!.end.offset! + shift,
      syntax: node.type === 'image' ? 'markdown-inline' : 'markdown-reference',
      src: node.type === 'image' ? node.url : (definitions.get(node.identifier) ?? ''),
      alt: node.alt ?? '',
    }))
    .sort((a, b) => a.start - b.start);
}

function scannerImages(markdown: string) {
  return scanDocument(markdown, 'markdown')
    .filter((image) => image.syntax !== 'markdown-html')
    .map((image) => ({ start: image.range.start, end: image.range.end, syntax: image.syntax, src: image.src, alt: image.alt }));
}

// The scanner reads micromark's events rather than remark's tree; remark is the reference for what
// each image's range, source and alt text are.
describe('the Markdown scanner agrees with remark', () => {
  const crafted = [
    '![a *b* **c** ~~d~~ `e` <span>f</span> [g](h) &amp; \\* www.example.com](x.png "t")',
    '![line\nbreak](x.png) ![hard\\\nbreak](y.png) ![trailing  \nspaces](z.png)',
    '[![inner](i.png) outer](o.html) ![x ![nested](n.png) y](m.png)',
    '![a [b][c] d](e.png)\n\n[c]: c.html',
    '![ref][Foo Bar] ![Foo bar][] ![foo BAR]\n\n[foo bar]: <f b.png>\n[FOO BAR]: second.png',
    '> ![quoted\n> label](q.png)\n>\n> - ![listed](l.png)',
    '| a | b |\n|---|:-:|\n| ![x\\|y](t.png) | ![`code|pipe`](u.png) |',
    'Note[^1] ![call [^1] inside](c.png)\n\n[^1]: ![in footnote](f.png)',
    '![<http://auto.link> and <a@b.co>](a.png)',
    '![](<>) ![]() ![a](<b c.png>)',
    '\uFEFF![bom](b.png)\r\n![crlf\r\nalt](c.png)\r\n',
  ];
  crafted.forEach((markdown, i) => {
    it(`crafted document ${i + 1}`, () => assert.deepEqual(scannerImages(markdown), remarkImages(markdown)));
  });

  it('on 80 generated documents', () => {
    for (let seed = 1000; seed < 1080; seed++) {
      const markdown = generateMarkdown(seed);
      assert.deepEqual(scannerImages(markdown), remarkImages(markdown), `seed ${seed}`);
    }
  });
});
