import { strict as assert } from 'node:assert';
import { normalizeUri } from 'micromark-util-sanitize-uri';
import { scanDocument, type DocumentKind, type ImageContext, type ImageRef } from '../../../src/markdown';
import { generateMarkdown } from './support/generateDocument';
import { renderedContexts, type ContextOfImage } from './support/renderedContexts';

function contexts(text: string, kind: DocumentKind): Array<ImageContext | undefined> {
  return scanDocument(text, kind).map((image) => image.context);
}

// The rendered page percent-encodes Markdown sources and link destinations (the raw HTML in these
// documents is written encoded already, so encoding leaves it alone).
function asRendered(image: ImageRef): ContextOfImage {
  const context = image.context && { ...image.context };
  if (context?.link?.href) context.link = { ...context.link, href: normalizeUri(context.link.href) };
  return { src: image.syntax === 'markdown-html' ? image.src : normalizeUri(image.src), alt: image.alt, context };
}

function sorted(images: ContextOfImage[]): ContextOfImage[] {
  const key = (image: ContextOfImage) => JSON.stringify([image.src, image.alt, image.context]);
  return [...images].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Checks the scan's contexts against the rendered page's; returns how many images the page has. */
function agreesWithPage(markdown: string, label = JSON.stringify(markdown)): number {
  const page = renderedContexts(markdown);
  assert.deepEqual(sorted(scanDocument(markdown, 'markdown').map(asRendered)), sorted(page), label);
  return page.length;
}

const link = (href: string | null, text = '', kind: 'link' | 'button' = 'link') => ({ kind, href, text });

describe('image context', () => {
  describe('Markdown', () => {
    const cases: Array<[string, string, Array<ImageContext | undefined>]> = [
      [
        'an image that is the whole link',
        '[![Build](https://ci.example/b.svg)](https://ci.example)\n',
        [{ link: link('https://ci.example') }],
      ],
      [
        'an image and text in one link',
        '[![icon](i.png) Download  the\napp](/download)\n',
        [{ link: link('/download', 'Download the app'), besideText: true }],
      ],
      ['a full reference link', '[![logo](l.png)][home]\n\n[home]: https://example.com/\n', [{ link: link('https://example.com/') }]],
      // A definition's label cannot hold brackets, so a link written as a reference to an image never resolves.
      [
        'a collapsed reference around an image is no link',
        '[l]: l.png\n\n[![logo][l]][]\n\n[![logo][l]]: /home\n',
        [{ besideText: true }, { besideText: true }],
      ],
      [
        'a title, and a title from the definition',
        '![a](a.png "The title")\n\n![b][b]\n\n[b]: b.png "B title"\n',
        [{ title: 'The title' }, { title: 'B title' }],
      ],
      [
        'links do not nest: the inner link is the one',
        '[outer [![a](a.png)](inner) text](outer)\n',
        [{ link: link('inner'), besideText: true }],
      ],
      ['another image in the link is no text', '[![a](a.png) ![b](b.png)](l)\n', [{ link: link('l') }, { link: link('l') }]],
      [
        'an image beside text, and images alone',
        'Text ![a](a.png)\n\n![b](b.png) ![c](c.png)\n',
        [{ besideText: true }, undefined, undefined],
      ],
      [
        'a raw anchor around a Markdown image',
        '<a href="/y">![y](y.png)</a> <a name="x">![x](x.png)</a>\n',
        [{ link: link('/y') }, undefined],
      ],
      ['a raw tag left open ends with its paragraph', '<a href="/y">![y](y.png)\n\n![z](z.png)\n', [{ link: link('/y') }, undefined]],
      [
        'a Pandoc attribute block is no text beside the image',
        '![Fig](f.png){#fig-f fig-alt="A chart" width=300 height=2in}\n',
        [{ caption: 'Fig', size: { width: 300, height: 192 } }],
      ],
      ['a Pandoc image beside text has no caption', 'See ![Fig](f.png){fig-alt="A chart" width=50%}\n', [{ besideText: true }]],
    ];
    for (const [name, markdown, expected] of cases) it(name, () => assert.deepEqual(contexts(markdown, 'markdown'), expected));
  });

  describe('Markdown, as the rendered page has it', () => {
    const crafted: Array<[string, string]> = [
      ['an image that is the whole link', '[![Build status](https://ci.example/b.svg)](https://ci.example)\n'],
      ['an image and text in one link', '[![icon](i.png) Download the app](/download)\n'],
      ['a full reference link', '[![logo](l.png)][home]\n\n[home]: https://example.com/a b\n'],
      ['a reference image in a collapsed reference link', '[l]: l.png\n\n[![logo][l]][]\n\n[![logo][l]]: /home\n'],
      ['a title, and a definition title', '![a](a.png "The title") ![b][b]\n\n[b]: b.png "B &amp; title"\n'],
      ['an empty destination', '[![a](a.png)]()\n'],
      ['links do not nest: the inner link wins', '[outer [![a](a.png)](inner) text](outer)\n'],
      ['an image in another image is alt text, not link text', '[![x ![y](y.png) z](x.png) after](l)\n'],
      ['code, escapes and references are link text', '[![a](a.png) `code` \\* &amp;](l)\n'],
      ['images beside text in a paragraph, alone in another', 'Text ![a](a.png)\n\n![b](b.png) ![c](c.png)\n'],
      ['a heading and a table cell', '# Title ![i](i.png)\n\n| ![c](c.png) | text |\n| --- | --- |\n| ![d](d.png) ![e](e.png) | |\n'],
      ['a list item and a block quote', '- ![a](a.png)\n- item ![b](b.png)\n\n> ![q](q.png)\n> quoted\n'],
      ['raw HTML links around images', '<a href="https://x.example"><img src="x.png"></a> and <a href="/y">![y](y.png)</a>\n'],
      ['a raw anchor without href is no link', '<a name="top">![t](t.png)</a>\n'],
      ['a raw button', 'Press <button type="button"><img src="b.png" alt="Go"> go</button>\n'],
      ['a Markdown link around raw HTML', '[<img src="r.png" width="20">](/r)\n'],
      [
        'an HTML block holding a link',
        '<p align="center">\n  <a href="https://z.example"><img src="z.png" height="30" title="Zed"></a>\n</p>\n',
      ],
      ['a hard break', '![a](a.png)\\\ntext\n'],
      ['a footnote call beside an image', '![a](a.png)[^1]\n\n[^1]: note\n'],
    ];
    // Each crafted document holds images: agreeing on none would say nothing.
    for (const [name, markdown] of crafted) it(name, () => assert.ok(agreesWithPage(markdown) > 0, 'the page has no image'));

    it('on 80 generated documents', () => {
      let images = 0;
      for (let seed = 3000; seed < 3080; seed++) images += agreesWithPage(generateMarkdown(seed), `seed ${seed}`);
      assert.ok(images > 0, 'the generated pages have no image');
    });
  });

  describe('HTML', () => {
    it('the link or button an image sits in, with the other text in it', () => {
      const html =
        '<p>Go <a href="/home"><img src="a.png"> Home <img src="b.png" alt="x"></a></p>' +
        '<a name="x"><img src="c.png"></a><button><span><img src="d.png"></span></button>' +
        '<a href=""><img src="e.png"></a>';
      assert.deepEqual(contexts(html, 'html'), [
        { link: link('/home', 'Home'), besideText: true },
        { link: link('/home', 'Home'), besideText: true },
        undefined,
        { link: link(null, '', 'button') },
        { link: link('') },
      ]);
    });

    it('a figure caption, title and size', () => {
      const html =
        '<figure><img src="a.png" title="T" width="600" height="50%"><figcaption>The <b>big</b>\n picture</figcaption></figure>' +
        '<figure><figcaption><img src="b.png" width="20px"></figcaption></figure><img src="c.png" width=" 300.5">';
      assert.deepEqual(contexts(html, 'html'), [
        { title: 'T', caption: 'The big picture', size: { width: 600 } },
        { size: { width: 20 } },
        { size: { width: 300.5 } },
      ]);
    });

    it('text beside an image is text of its own block, not of blocks inside or around it', () => {
      const html =
        '<div><p>Paragraph.</p><img src="a.png"></div><div>Words <em>and</em> <img src="b.png"></div>' +
        '<ul><li><img src="c.png"><ul><li>nested</li></ul></li></ul><p><script>x</script><img src="d.png"></p>';
      assert.deepEqual(contexts(html, 'html'), [undefined, { besideText: true }, undefined, undefined]);
    });
  });

  describe('site syntaxes', () => {
    it('Hugo figure: caption, title, link and size', () => {
      const markdown = '{{< figure src="a.png" alt="A" caption="The caption" title="The title" link="/big.png" width="300" >}}\n';
      assert.deepEqual(contexts(markdown, 'markdown'), [
        { link: link('/big.png'), title: 'The title', caption: 'The caption', size: { width: 300 } },
      ]);
    });

    it('MyST figure: the first paragraph of the body is the caption; options give target and size', () => {
      const markdown =
        ':::{figure} a.png\n:alt: A cat\n:width: 200px\n:target: https://cats.example\n\nThe cat\non a mat.\n\nLegend.\n:::\n\n' +
        '```{image} b.png\n:height: 1in\n```\n';
      assert.deepEqual(contexts(markdown, 'markdown'), [
        { link: link('https://cats.example'), caption: 'The cat on a mat.', size: { width: 200 } },
        { size: { height: 96 } },
      ]);
    });

    it('Learn: link makes the image a link, lightbox does not', () => {
      const markdown =
        ':::image type="content" source="a.png" alt-text="A" link="https://a.example":::\n\n' +
        ':::image type="content" source="b.png" alt-text="B" lightbox="b-big.png":::\n';
      assert.deepEqual(contexts(markdown, 'markdown'), [{ link: link('https://a.example') }, undefined]);
    });

    it('AsciiDoc: block titles are captions, inline titles are titles, positional width and height', () => {
      const adoc =
        '.The caption\n[#img-a]\nimage::a.png[Alt A, 300, 200, link="https://a.example"]\n\n' +
        'image::b.png[Alt B,title="B title",width=40]\n\nText image:c.png[C, title="C title"] here.\n\nimage:d.png[D]\n';
      assert.deepEqual(contexts(adoc, 'asciidoc'), [
        { link: link('https://a.example'), caption: 'The caption', size: { width: 300, height: 200 } },
        { caption: 'B title', size: { width: 40 } },
        { title: 'C title', besideText: true },
        undefined,
      ]);
    });
  });

  describe('MDX', () => {
    it('Markdown links, JSX anchors, Link and button around images', () => {
      const mdx =
        '[![a](a.png "A title")](/a)\n\n<a href="/b"><img src="b.png" alt="B" /></a>\n\n' +
        '<Link to="/c">![c](c.png) Docs</Link>\n\n<button>![d](d.png)</button>\n\nText <img src="e.png" width={300} height="20" title="E" />\n';
      assert.deepEqual(contexts(mdx, 'mdx'), [
        { link: link('/a'), title: 'A title' },
        { link: link('/b') },
        { link: link('/c', 'Docs'), besideText: true },
        { link: link(null, '', 'button') },
        { title: 'E', size: { width: 300, height: 20 }, besideText: true },
      ]);
    });

    it('a JSX figure with its figcaption', () => {
      const mdx = '<figure>\n  <img src="a.png" alt="A" />\n  <figcaption>The caption</figcaption>\n</figure>\n';
      assert.deepEqual(contexts(mdx, 'mdx'), [{ caption: 'The caption' }]);
    });
  });
});
