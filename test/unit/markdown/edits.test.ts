import { strict as assert } from 'node:assert';
import {
  altEdit,
  decorativeEdit,
  normalizeCaption,
  scanDocument,
  StaleImageError,
  type DocumentKind,
  type ImageRef,
} from '../../../src/markdown';
import { applyEdit } from './support/applyEdit';
import { renderedImages } from './support/renderedImages';

function editFirst(text: string, kind: DocumentKind, caption: string): string {
  const [image] = scanDocument(text, kind);
  return applyEdit(text, altEdit(text, image, caption));
}

function decorateFirst(text: string, kind: DocumentKind): string {
  const [image] = scanDocument(text, kind);
  return applyEdit(text, decorativeEdit(text, image));
}

describe('alt edits', () => {
  describe('Markdown', () => {
    const cases: Array<[name: string, before: string, caption: string, after: string]> = [
      ['fills an empty alt', '![](cat.png)\n', 'A cat', '![A cat](cat.png)\n'],
      ['replaces a placeholder, keeping the title', '![IMG_1234](cat.png "Title")\n', 'A cat', '![A cat](cat.png "Title")\n'],
      ['escapes backslashes and brackets', '![](x.png)', 'a [b] \\ c', '![a \\[b\\] \\\\ c](x.png)'],
      [
        'escapes emphasis, strikethrough, pipes and parentheses',
        '![](x.png)',
        'a *b* _c_ ~e~ f|g (h)',
        '![a \\*b\\* \\_c\\_ \\~e\\~ f\\|g \\(h\\)](x.png)',
      ],
      [
        'escapes what would open HTML or a character reference',
        '![](x.png)',
        '<b>bold</b> &amp; AT&T 3 < 4',
        '![\\<b&gt;bold\\</b&gt; \\&amp; AT&T 3 < 4](x.png)',
      ],
      // Backslashes are text inside a code span, raw HTML and autolinks, so what could end one opened
      // before the image is written as a character reference.
      ['a backtick cannot close a stray code span', 'a ` b ![](x.png)\n', 'x `y` z', 'a ` b ![x &#96;y&#96; z](x.png)\n'],
      [
        'a > cannot close a stray comment or autolink',
        '[a]( <!-- ![](x.png) <http://h![](y.png)\n',
        'a --> b',
        '[a]( <!-- ![a --&gt; b](x.png) <http://h![](y.png)\n',
      ],
      [
        'a quote cannot close a stray attribute value',
        'x <a title="![](x.png) y\n',
        'x\' " >',
        'x <a title="![x&#39; &quot; &gt;](x.png) y\n',
      ],
      ['collapses line breaks', '![](x.png)', 'a cat\r\n  on a\nmat', '![a cat on a mat](x.png)'],
      ['keeps a full reference', '![old][Label]\n\n[label]: l.png\n', 'New', '![New][Label]\n\n[label]: l.png\n'],
      ['spells out a collapsed reference', '![Logo][]\n\n[logo]: l.png\n', 'Acme logo', '![Acme logo][Logo]\n\n[logo]: l.png\n'],
      ['spells out a shortcut reference', 'See ![Logo].\n\n[logo]: l.png\n', 'Acme logo', 'See ![Acme logo][Logo].\n\n[logo]: l.png\n'],
      ['keeps CRLF and BOM', '\uFEFF# T\r\n\r\n![](a.png)\r\n', 'A', '\uFEFF# T\r\n\r\n![A](a.png)\r\n'],
      [
        'works inside a link and a table',
        '| x |\n|---|\n| [![](b.svg)](/) |\n',
        'Build passing',
        '| x |\n|---|\n| [![Build passing](b.svg)](/) |\n',
      ],
      ['replaces a label spread over block quote lines', '> ![old\n> alt](a.png)\n', 'New alt', '> ![New alt](a.png)\n'],
      ['keeps unicode as it is', '![](a.png)', 'Ein Hund 🐕 im Schnee – 雪', '![Ein Hund 🐕 im Schnee – 雪](a.png)'],
    ];
    for (const [name, before, caption, after] of cases) {
      it(name, () => {
        assert.equal(editFirst(before, 'markdown', caption), after);
        const alts = renderedImages(after).map((i) => i.alt);
        assert.ok(alts.includes(normalizeCaption(caption)), `rendered alts ${JSON.stringify(alts)}`);
      });
    }

    it('escapes braces and every < in MDX', () => {
      assert.equal(editFirst('![](x.png)\n', 'mdx', 'a {b} < c'), '![a \\{b\\} \\< c](x.png)\n');
      assert.equal(scanDocument('![a \\{b\\} \\< c](x.png)\n', 'mdx')[0].alt, 'a {b} < c');
    });
  });

  describe('HTML and JSX', () => {
    const cases: Array<[name: string, kind: DocumentKind, before: string, caption: string, after: string]> = [
      [
        'inserts alt after src, keeping the self-closing slash',
        'html',
        '<img src="a.png" width="3" />',
        'A',
        '<img src="a.png" alt="A" width="3" />',
      ],
      [
        'inserts after the last attribute without src',
        'html',
        '<img srcset="a.png 1x" class="c">',
        'A',
        '<img srcset="a.png 1x" class="c" alt="A">',
      ],
      ['inserts after the tag name with no attributes', 'html', '<img/>', 'A', '<img alt="A"/>'],
      [
        'replaces inside double quotes, escaping & " <',
        'html',
        '<img alt="old" src="a.png">',
        'Tom & "Jerry" <3',
        '<img alt="Tom &amp; &quot;Jerry&quot; &lt;3" src="a.png">',
      ],
      ['keeps single quotes', 'html', "<img alt='old' src=a.png>", 'It\'s "fine"', '<img alt=\'It&#39;s "fine"\' src=a.png>'],
      ['quotes an unquoted value', 'html', '<img alt=old src=a.png>', 'New one', '<img alt="New one" src=a.png>'],
      ['gives a bare alt a value', 'html', '<img alt src=a.png>', 'A', '<img alt="A" src=a.png>'],
      ['keeps uppercase attribute names', 'html', '<IMG SRC="a.png" ALT="x">', 'A', '<IMG SRC="a.png" ALT="A">'],
      [
        'keeps CRLF around a multi-line tag',
        'html',
        '<img\r\n  src="a.png"\r\n  alt="">\r\n',
        'A',
        '<img\r\n  src="a.png"\r\n  alt="A">\r\n',
      ],
      ['keeps a BOM', 'html', '\uFEFF<img src="a.png">', 'A', '\uFEFF<img src="a.png" alt="A">'],
      [
        'edits HTML inside a Markdown block quote',
        'markdown',
        '> <img\n> src="q.png"\n> alt="x">\n',
        'Q',
        '> <img\n> src="q.png"\n> alt="Q">\n',
      ],
      ['inserts into a JSX img after src', 'mdx', '<img src="a.png" width={3} />\n', 'A', '<img src="a.png" alt="A" width={3} />\n'],
      [
        'replaces a JSX expression with a string',
        'mdx',
        '<Image alt={t("x")} src="a.png" />\n',
        'A "b" & c',
        '<Image alt="A &quot;b&quot; &amp; c" src="a.png" />\n',
      ],
    ];
    for (const [name, kind, before, caption, after] of cases) {
      it(name, () => {
        const edited = editFirst(before, kind, caption);
        assert.equal(edited, after);
        assert.equal(scanDocument(edited, kind)[0].alt, normalizeCaption(caption));
      });
    }
  });

  describe('decorative', () => {
    const cases: Array<[name: string, kind: DocumentKind, before: string, after: string, state: ImageRef['altState']]> = [
      ['HTML gets alt=""', 'html', '<img src="a.png">', '<img src="a.png" alt="">', 'empty'],
      ['HTML placeholder is emptied', 'html', '<img src="a.png" alt="image">', '<img src="a.png" alt="">', 'empty'],
      ['JSX gets alt=""', 'mdx', '<img src="a.png" />\n', '<img src="a.png" alt="" />\n', 'empty'],
      [
        'Markdown gets the marker after the image',
        'markdown',
        'A ![](a.png) b\n',
        'A ![](a.png)<!-- alt-text: decorative --> b\n',
        'decorative',
      ],
      [
        'Markdown alt is emptied too',
        'markdown',
        '![IMG_0001](a.png "t")\n',
        '![](a.png "t")<!-- alt-text: decorative -->\n',
        'decorative',
      ],
      [
        'a Markdown shortcut reference stays a reference',
        'markdown',
        '![Logo]\n\n[logo]: l.png\n',
        '![][Logo]<!-- alt-text: decorative -->\n\n[logo]: l.png\n',
        'decorative',
      ],
      [
        'an image at the start of a line stays an image',
        'markdown',
        '![](a.png)\n',
        '![](a.png)<!-- alt-text: decorative -->\n',
        'decorative',
      ],
      ['MDX gets a JSX comment', 'mdx', '![](a.png)\n', '![](a.png){/* alt-text: decorative */}\n', 'decorative'],
    ];
    for (const [name, kind, before, after, state] of cases) {
      it(name, () => {
        const edited = decorateFirst(before, kind);
        assert.equal(edited, after);
        assert.equal(scanDocument(edited, kind)[0].altState, state);
        if (kind === 'markdown')
          assert.deepEqual(
            renderedImages(edited).map((i) => i.alt),
            [''],
            'the marker renders to nothing',
          );
      });
    }

    it('is a no-op on an image already marked', () => {
      const text = '![](a.png) <!-- alt-text: decorative -->\n';
      const [image] = scanDocument(text, 'markdown');
      assert.equal(image.altState, 'decorative');
      assert.equal(applyEdit(text, decorativeEdit(text, image)), text);
    });

    it('honours the marker only right after the image', () => {
      assert.equal(scanDocument('![](a.png)\n<!-- alt-text: decorative -->\n', 'markdown')[0].altState, 'missing');
      assert.equal(
        scanDocument('<!-- alt-text: decorative -->![](a.png) x\n', 'markdown').length,
        0,
        'a comment starting a line makes an HTML block',
      );
      assert.equal(scanDocument('![](a.png)`<!-- alt-text: decorative -->`\n', 'markdown')[0].altState, 'missing');
      assert.equal(scanDocument('![A cat](a.png)\t<!--alt-text:decorative-->\n', 'markdown')[0].altState, 'decorative');
    });
  });

  describe('safety', () => {
    it('refuses an image that moved since the scan', () => {
      const text = '![](a.png)\n';
      const [image] = scanDocument(text, 'markdown');
      assert.throws(
        () => altEdit('x' + text, image, 'A'),
        (e: Error) => e instanceof StaleImageError && /no longer where it was found/.test(e.message),
      );
    });

    it('finds the alt site again for a reference built by hand', () => {
      const text = 'x <img src="a.png">';
      const [image] = scanDocument(text, 'html');
      const { altSite: _dropped, ...bare } = image;
      assert.equal(applyEdit(text, altEdit(text, bare, 'A')), 'x <img src="a.png" alt="A">');
    });

    it('normalizes captions: one line, no control characters, no blanks at the ends', () => {
      assert.equal(normalizeCaption('  a\u0000 cat \n\n on\ta mat  '), 'a cat on\ta mat');
      assert.equal(normalizeCaption('unchanged caption'), 'unchanged caption');
    });
  });
});
