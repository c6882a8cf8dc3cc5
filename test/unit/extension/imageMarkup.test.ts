import assert from 'node:assert/strict';
import { imageMarkup, linkPath } from '../../../src/extension/imageMarkup';
import { markupDialect } from '../../../src/extension/markupDialect';
import { documentKindFor, scanDocument } from '../../../src/markdown';

describe('markup of a pasted or dropped image', () => {
  it('writes Markdown, MDX and HTML images with the caption as alt text', () => {
    assert.equal(imageMarkup('markdown', 'images/a.png', 'A cat on a mat'), '![A cat on a mat](images/a.png)');
    assert.equal(imageMarkup('mdx', 'a.png', 'A cat'), '![A cat](a.png)');
    assert.equal(imageMarkup('html', 'a.png', 'A cat'), '<img src="a.png" alt="A cat">');
  });

  it('without a caption, leaves the alt text out so that it is reported as missing, never decorative', () => {
    assert.equal(imageMarkup('markdown', 'a.png', undefined), '![](a.png)');
    assert.equal(imageMarkup('html', 'a.png', undefined), '<img src="a.png">');
    assert.equal(imageMarkup('html', 'a.png', '  \n '), '<img src="a.png">');
  });

  it('escapes the caption as the scanner reads it back', () => {
    assert.equal(imageMarkup('markdown', 'a.png', 'a [b] *c* <d> | e'), '![a \\[b\\] \\*c\\* \\<d&gt; \\| e](a.png)');
    assert.equal(imageMarkup('mdx', 'a.png', 'a {b} <c>'), '![a \\{b\\} \\<c&gt;](a.png)');
    assert.equal(imageMarkup('html', 'a&b.png', 'say "hi" & <go>'), '<img src="a&amp;b.png" alt="say &quot;hi&quot; &amp; &lt;go>">');
    assert.equal(imageMarkup('markdown', 'a.png', 'two\nlines'), '![two lines](a.png)');
  });

  const tricky = ['A cat [on] a *mat* with `code` & &amp; <b>bold</b> | pipes ~tilde_ \\ back', 'a {jsx} <Tag> "quotes" \'single\''];
  for (const dialect of ['markdown', 'mdx', 'html'] as const) {
    it(`round-trips: a ${dialect} scan reads back the caption and the source`, () => {
      const file = dialect === 'html' ? '/ws/page.html' : dialect === 'mdx' ? '/ws/page.mdx' : '/ws/page.md';
      for (const caption of tricky) {
        const src = linkPath(file, '/ws/my images/shot (1)#2.png');
        const text = `Before.\n\n${imageMarkup(dialect, src, caption)}\n\nAfter.\n`;
        const images = scanDocument(text, documentKindFor(file)!);
        assert.equal(images.length, 1, text);
        assert.equal(images[0].alt, caption, text);
        assert.equal(decodeURIComponent(images[0].src), 'my images/shot (1)#2.png', text);
      }
    });
  }
});

describe('link path of a copied image', () => {
  it('is relative to the document folder with forward slashes', () => {
    assert.equal(linkPath('/ws/docs/a.md', '/ws/docs/image.png'), 'image.png');
    assert.equal(linkPath('/ws/docs/a.md', '/ws/docs/img/image.png'), 'img/image.png');
    assert.equal(linkPath('/ws/docs/guide/a.md', '/ws/static/img/image.png'), '../../static/img/image.png');
  });

  it('percent-encodes what a link destination or URL would read otherwise', () => {
    assert.equal(linkPath('/ws/a.md', '/ws/my shots/a (1).png'), 'my%20shots/a%20%281%29.png');
    assert.equal(linkPath('/ws/a.md', '/ws/a#b?c.png'), 'a%23b%3Fc.png');
    assert.equal(linkPath('/ws/a.md', '/ws/été/100%.png'), '%C3%A9t%C3%A9/100%25.png');
  });
});

describe('markup dialect of a document', () => {
  it('follows the language, and the file name for files without one of ours', () => {
    assert.equal(markupDialect('markdown', '/ws/a.md'), 'markdown');
    assert.equal(markupDialect('mdx', '/ws/a.mdx'), 'mdx');
    assert.equal(markupDialect('plaintext', '/ws/a.mdx'), 'mdx');
    assert.equal(markupDialect('html', '/ws/a.htm'), 'html');
    assert.equal(markupDialect('plaintext', '/ws/page.HTML'), 'html');
    assert.equal(markupDialect('markdown', '/ws/README'), 'markdown');
  });
});
