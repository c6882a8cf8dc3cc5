import { strict as assert } from 'node:assert';
import { altEdit, scanDocument } from '../../../src/markdown';
import { applyEdit } from './support/applyEdit';
import { renderedImages } from './support/renderedImages';
import { expectSameAsRendered } from './support/scanHelpers';

// Inline HTML arrives one tag at a time; what a tag means depends on what came before it in the
// rendered page. Each case is checked against the page micromark renders, read by parse5.
describe('raw HTML in Markdown is read in context', () => {
  const cases: Array<[name: string, markdown: string, images: number]> = [
    ['an <img> in a textarea is its text', 'Type <textarea><img src="t.png"></textarea> here\n', 0],
    ['an <img> in a script string is not an image', 'a <script>document.write(\'<img src="s.png">\')</script> b\n', 0],
    ['an <img> in a title or style is text', 'x <title><img src="a.png"></title> <style><img src="b.png"></style>\n', 0],
    ['an SVG <image> is not an HTML image', 'An icon: <svg><image href="v.png"/></svg>\n', 0],
    ['an <img> after the SVG has closed counts', '<svg><image href="v.png"/></svg> <img src="after.png">\n', 1],
    ['an <img> inside SVG breaks out and counts', 'x <svg><img src="out.png"></svg>\n', 1],
    ['a Markdown image in an open textarea is text too', 'a <textarea> ![cat](c.png) </textarea> b\n', 0],
    ['a comment block left open hides what follows', '<!-- start\n\n![a](a.png) <img src="b.png">\n', 0],
    ['a closed comment hides nothing', '<!-- x -->\n\n![a](a.png) <img src="b.png">\n', 2],
    ['emphasis ends SVG content', 'x <svg> *y* <image src="e.png">\n', 1],
    ['a paragraph ends SVG content', 'x <svg>\n\n<image src="p.png">\n', 1],
    ['a textarea closed later lets later images count', 'a <textarea>![](x.png)</textarea> ![b](b.png)\n', 1],
  ];
  for (const [name, markdown, count] of cases) {
    it(name, () => {
      assert.equal(renderedImages(markdown).length, count, 'the rendered page (the expectation itself)');
      expectSameAsRendered(markdown);
    });
  }

  it('fix never writes alt into a textarea or a script string', () => {
    const markdown = 'a <textarea><img src="t.png"></textarea> <script>w(\'<img src="s.png">\')</script> <img src="real.png">\n';
    const images = scanDocument(markdown, 'markdown');
    assert.deepEqual(
      images.map((i) => i.src),
      ['real.png'],
    );
    const edited = applyEdit(markdown, altEdit(markdown, images[0], 'A real image'));
    assert.equal(edited, markdown.replace('<img src="real.png">', '<img src="real.png" alt="A real image">'));
  });
});

describe('HTML edits and deep pages', () => {
  it('inserts alt before an unquoted src, whose value takes a trailing slash', () => {
    for (const [kind, before, after] of [
      ['markdown', 'x <img src=ok.png/>\n', 'x <img alt="A cat" src=ok.png/>\n'],
      ['html', '<img src=ok.png/>', '<img alt="A cat" src=ok.png/>'],
    ] as const) {
      const [image] = scanDocument(before, kind);
      const edited = applyEdit(before, altEdit(before, image, 'A cat'));
      assert.equal(edited, after);
      assert.equal(scanDocument(edited, kind)[0].alt, 'A cat');
      if (kind === 'markdown') assert.deepEqual(renderedImages(edited), [{ src: 'ok.png/', alt: 'A cat' }]);
    }
  });

  it('finds the image under 6,000 nested elements', () => {
    const html = '<div>'.repeat(6000) + '<img src="deep.png">' + '</div>'.repeat(6000);
    assert.deepEqual(
      scanDocument(html, 'html').map((i) => i.src),
      ['deep.png'],
    );
    const markdown = html + '\n';
    assert.deepEqual(
      scanDocument(markdown, 'markdown').map((i) => i.src),
      ['deep.png'],
    );
  });
});
