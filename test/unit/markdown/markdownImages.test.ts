import { strict as assert } from 'node:assert';
import { expectImages, expectSameAsRendered, scan, type Expected } from './support/scanHelpers';

// Each case states what CommonMark (with GFM) says the document holds, and is also checked against
// the images a CommonMark renderer produces for it.
interface Case {
  name: string;
  markdown: string;
  images: Expected[];
}

const inline: Case[] = [
  {
    name: 'a plain inline image',
    markdown: 'See ![A red barn](barn.png) here.\n',
    images: [{ text: '![A red barn](barn.png)', syntax: 'markdown-inline', src: 'barn.png', alt: 'A red barn', altState: 'ok' }],
  },
  {
    name: 'a title after the destination',
    markdown: '![A red barn](barn.png "The barn")\n',
    images: [{ text: '![A red barn](barn.png "The barn")', src: 'barn.png', alt: 'A red barn' }],
  },
  {
    name: 'an angle-bracket destination with spaces',
    markdown: '![Our team](<team photo.jpg>)\n',
    images: [{ src: 'team photo.jpg', alt: 'Our team' }],
  },
  {
    name: 'backslash escapes in alt and destination',
    markdown: '![a \\[b\\] c](x\\_y.png)\n',
    images: [{ src: 'x_y.png', alt: 'a [b] c' }],
  },
  {
    name: 'character references in alt and destination',
    markdown: '![caf&eacute; &#38; bar](a&amp;b.png)\n',
    images: [{ src: 'a&b.png', alt: 'café & bar' }],
  },
  { name: 'emphasis and code in alt keep only their text', markdown: '![*big* `cat` __now__](c.png)\n', images: [{ alt: 'big cat now' }] },
  {
    name: 'a link inside the alt keeps only its text',
    markdown: '![see [the docs](d.html) first](x.png)\n',
    images: [{ alt: 'see the docs first', src: 'x.png' }],
  },
  { name: 'unmatched inner brackets stay literal', markdown: '![a [b] c](x.png)\n', images: [{ alt: 'a [b] c' }] },
  { name: 'an empty alt is missing', markdown: '![](x.png)\n', images: [{ text: '![](x.png)', alt: '', altState: 'missing' }] },
  { name: 'a blank alt is missing too', markdown: '![  ](x.png)\n', images: [{ alt: '  ', altState: 'missing' }] },
  { name: 'an empty destination', markdown: '![Logo]()\n', images: [{ src: '', alt: 'Logo' }] },
  {
    name: 'a line break inside the alt',
    markdown: '![a red\nbarn](b.png)\n',
    images: [{ text: '![a red\nbarn](b.png)', alt: 'a red\nbarn' }],
  },
  {
    name: 'several images on one line, in order',
    markdown: '![one](1.png) and ![two](2.png)![three](3.png)\n',
    images: [{ alt: 'one' }, { alt: 'two' }, { alt: 'three' }],
  },
  {
    name: 'a nested image counts once, its text joins the alt',
    markdown: '![x ![inner](i.png)](o.png)\n',
    images: [{ alt: 'x inner', src: 'o.png' }],
  },
];

const references: Case[] = [
  {
    name: 'a full reference matched case-insensitively with collapsed whitespace',
    markdown: '![Company logo][Brand  LOGO]\n\n[brand logo]: /img/logo.svg\n',
    images: [{ text: '![Company logo][Brand  LOGO]', syntax: 'markdown-reference', src: '/img/logo.svg', alt: 'Company logo' }],
  },
  {
    name: 'a collapsed reference',
    markdown: '![Foo][]\n\n[FOO]: f.png\n',
    images: [{ text: '![Foo][]', syntax: 'markdown-reference', src: 'f.png', alt: 'Foo' }],
  },
  {
    name: 'a shortcut reference',
    markdown: '![Foo bar]\n\n[foo bar]: <f b.png> "Title"\n',
    images: [{ text: '![Foo bar]', syntax: 'markdown-reference', src: 'f b.png', alt: 'Foo bar' }],
  },
  {
    name: 'a definition before the image',
    markdown: '[pic]: ./pic.png\n\nText ![A pic][pic].\n',
    images: [{ src: './pic.png', alt: 'A pic' }],
  },
  { name: 'the first of two definitions wins', markdown: '![x][a]\n\n[a]: first.png\n[A]: second.png\n', images: [{ src: 'first.png' }] },
  {
    name: 'Unicode case folding of labels (ẞ matches SS)',
    markdown: '![Street][ẞ]\n\n[SS]: street.png\n',
    images: [{ src: 'street.png', alt: 'Street' }],
  },
  { name: 'a reference without a definition is not an image', markdown: '![nothing][nowhere]\n', images: [] },
  {
    name: 'a definition inside a block quote applies everywhere',
    markdown: '> [q]: quoted.png\n\n![Q][q]\n',
    images: [{ src: 'quoted.png' }],
  },
];

const nesting: Case[] = [
  {
    name: 'an image inside a link (badge)',
    markdown: '[![Build status](https://ci.example/badge.svg)](https://ci.example)\n',
    images: [{ text: '![Build status](https://ci.example/badge.svg)', alt: 'Build status' }],
  },
  { name: 'a reference image inside a link', markdown: '[![logo][]](/)\n\n[logo]: l.png\n', images: [{ text: '![logo][]', src: 'l.png' }] },
  {
    name: 'images in nested lists',
    markdown: '- one ![a](a.png)\n  1. two ![b](b.png)\n     - three ![c](c.png)\n',
    images: [{ alt: 'a' }, { alt: 'b' }, { alt: 'c' }],
  },
  {
    name: 'images in nested block quotes',
    markdown: '> ![a](a.png)\n> > ![b](b.png)\n',
    images: [{ text: '![a](a.png)' }, { text: '![b](b.png)' }],
  },
  {
    name: 'an image in a table cell, with an escaped pipe in the alt',
    markdown: '| Pic | Note |\n| --- | --- |\n| ![a\\|b](x.png) | ok |\n',
    images: [{ alt: 'a|b', src: 'x.png' }],
  },
  {
    name: 'an image in a footnote',
    markdown: 'Text.[^1]\n\n[^1]: See ![the chart](chart.png).\n',
    images: [{ alt: 'the chart', src: 'chart.png' }],
  },
  {
    name: 'an image in a heading',
    markdown: '# Title ![icon](i.svg)\n\nSetext ![s](s.png)\n---\n',
    images: [{ alt: 'icon' }, { alt: 's' }],
  },
  { name: 'an image in emphasis and strikethrough', markdown: '*a ![x](x.png)* ~~b ![y](y.png)~~\n', images: [{ alt: 'x' }, { alt: 'y' }] },
  { name: 'a lazy continuation line in a block quote', markdown: '> first line\nlazy ![lazy](l.png)\n', images: [{ alt: 'lazy' }] },
  { name: 'a list item in a block quote in a list', markdown: '1. > - ![deep](deep.png)\n', images: [{ text: '![deep](deep.png)' }] },
];

const notImages: Case[] = [
  { name: 'inside a code span', markdown: 'Write `![alt](src)` for images.\n', images: [] },
  { name: 'inside a fenced code block', markdown: '```md\n![alt](src.png)\n<img src="x.png">\n```\n', images: [] },
  { name: 'inside a tilde fence', markdown: '~~~\n![alt](src.png)\n~~~\n', images: [] },
  { name: 'inside an indented code block', markdown: 'Para.\n\n    ![alt](src.png)\n', images: [] },
  { name: 'inside an HTML comment block', markdown: '<!--\n![alt](a.png)\n<img src="b.png">\n-->\n', images: [] },
  { name: 'inside an inline HTML comment', markdown: 'text <!-- ![alt](a.png) --> more\n', images: [] },
  { name: 'Markdown inside an HTML block stays raw text', markdown: '<div>\n![not an image](a.png)\n</div>\n', images: [] },
  { name: 'an escaped exclamation mark makes a link', markdown: '\\![alt](a.png)\n', images: [] },
  { name: 'an autolink to an image file', markdown: '<https://example.com/a.png>\n', images: [] },
  { name: 'a space inside a plain destination', markdown: '![a](b c.png)\n', images: [] },
  { name: 'YAML front matter', markdown: '---\nimage: ![a](b.png)\n---\n# Doc\n', images: [] },
  { name: 'a tab at the start of a line makes indented code', markdown: '\t![a](b.png)\n', images: [] },
];

const brokenMarkup: Case[] = [
  { name: 'an unclosed label', markdown: '![unclosed(x.png)\n', images: [] },
  { name: 'an unclosed destination', markdown: '![a](x.png\n', images: [] },
  { name: 'an unclosed angle destination', markdown: '![a](<x.png)\n', images: [] },
  { name: 'spaces around the destination are fine', markdown: '![a](  x.png  )\n', images: [{ src: 'x.png' }] },
  { name: 'an unclosed fence swallows the rest', markdown: '```\n![a](x.png)\n', images: [] },
  { name: 'a stray bracket before a real image', markdown: '] [ ![real](r.png) ]\n', images: [{ alt: 'real' }] },
];

const html: Case[] = [
  {
    name: 'an HTML block around an img',
    markdown: '<p align="center">\n  <img src="logo.png" alt="Project logo" width="200">\n</p>\n',
    images: [
      {
        text: '<img src="logo.png" alt="Project logo" width="200">',
        syntax: 'markdown-html',
        src: 'logo.png',
        alt: 'Project logo',
        altState: 'ok',
      },
    ],
  },
  {
    name: 'inline HTML img in a paragraph',
    markdown: 'Text <img src="i.png"> more\n',
    images: [{ text: '<img src="i.png">', syntax: 'markdown-html', alt: null, altState: 'missing' }],
  },
  { name: 'an uppercase tag with unquoted values', markdown: '<IMG SRC=up.png ALT=Up>\n', images: [{ src: 'up.png', alt: 'Up' }] },
  {
    name: 'a comment next to a real img in one block',
    markdown: '<div><!-- <img src="a.png"> --><img src="b.png" alt=""></div>\n',
    images: [{ src: 'b.png', alt: '', altState: 'empty' }],
  },
  {
    name: 'a picture element',
    markdown: '<picture>\n  <source srcset="a.webp">\n  <img src="a.jpg" alt="A">\n</picture>\n',
    images: [{ text: '<img src="a.jpg" alt="A">', src: 'a.jpg' }],
  },
  {
    name: 'an img tag spread over lines inside a block quote',
    markdown: '> a <img\n> src="q.png"\n> alt="Quoted">\n',
    images: [{ text: '<img\n> src="q.png"\n> alt="Quoted">', src: 'q.png', alt: 'Quoted' }],
  },
  {
    name: 'an HTML block in a list item',
    markdown: '- item\n\n  <div>\n  <img src="l.png" alt="In list">\n  </div>\n',
    images: [{ text: '<img src="l.png" alt="In list">', alt: 'In list' }],
  },
  { name: 'an img inside a script is not an image', markdown: '<script>\nconst t = "<img src=x.png>";\n</script>\n', images: [] },
  {
    name: 'Markdown and HTML images together, in order',
    markdown: '![md](m.png) <img src="h.png" alt="html">\n',
    images: [{ syntax: 'markdown-inline' }, { syntax: 'markdown-html' }],
  },
];

const lineEndings: Case[] = [
  {
    name: 'CRLF line endings',
    markdown: '# T\r\n\r\nA ![crlf](c.png)\r\n\r\n![ref][r]\r\n\r\n[r]: r.png\r\n',
    images: [{ text: '![crlf](c.png)' }, { text: '![ref][r]', src: 'r.png' }],
  },
  { name: 'lone CR line endings', markdown: 'a\r![cr](c.png)\r', images: [{ text: '![cr](c.png)' }] },
  {
    name: 'a byte order mark',
    markdown: '\uFEFF![bom](b.png) <img src="h.png">\n',
    images: [{ text: '![bom](b.png)' }, { text: '<img src="h.png">' }],
  },
  {
    name: 'a tab after a list marker',
    markdown: '-\t![tab](t.png)\n>\t![quote](q.png)\n',
    images: [{ text: '![tab](t.png)' }, { text: '![quote](q.png)' }],
  },
  {
    name: 'CRLF inside an HTML block in a block quote',
    markdown: '> <div>\r\n> <img src="x.png"\r\n>   alt="X">\r\n> </div>\r\n',
    images: [{ text: '<img src="x.png"\r\n>   alt="X">', alt: 'X' }],
  },
];

const unicode: Case[] = [
  {
    name: 'astral characters before an image shift UTF-16 offsets',
    markdown: '😀😀 ![Ein Hund](hund.png)\n',
    images: [{ text: '![Ein Hund](hund.png)' }],
  },
  {
    name: 'CJK and accents in alt and path',
    markdown: '![猫の写真 – café](images/ねこ.png)\n',
    images: [{ alt: '猫の写真 – café', src: 'images/ねこ.png' }],
  },
  { name: 'percent-encoded path stays as written', markdown: '![a](my%20file.png)\n', images: [{ src: 'my%20file.png' }] },
];

describe('markdown scanner', () => {
  for (const [group, cases] of Object.entries({ inline, references, nesting, notImages, brokenMarkup, html, lineEndings, unicode })) {
    describe(group, () => {
      for (const c of cases) {
        it(c.name, () => {
          const images = expectImages(c.markdown, 'markdown', c.images);
          expectSameAsRendered(c.markdown, images);
        });
      }
    });
  }

  it('treats an empty alt as decorative when configured', () => {
    const [image] = scan('![](x.png)\n', 'markdown', { emptyMarkdownAlt: 'decorative' });
    assert.equal(image.altState, 'decorative');
  });

  it('returns images sorted by start even when HTML and Markdown interleave', () => {
    const text = '<img src="1.png"> ![2](2.png)\n\n[![3](3.png)](l) <img src="4.png">\n';
    const starts = scan(text, 'markdown').map((i) => i.range.start);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
    assert.equal(starts.length, 4);
  });
});
