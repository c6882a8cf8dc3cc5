import { strict as assert } from 'node:assert';
import { expectImages, scan, type Expected } from './support/scanHelpers';

// Expectations follow the HTML standard's tokenizer and tree construction rules.
const cases: Array<{ name: string; html: string; images: Expected[] }> = [
  {
    name: 'a plain img',
    html: '<!doctype html><p><img src="cat.jpg" alt="A sleeping cat"></p>',
    images: [{ text: '<img src="cat.jpg" alt="A sleeping cat">', syntax: 'html', src: 'cat.jpg', alt: 'A sleeping cat', altState: 'ok' }],
  },
  { name: 'no alt attribute is missing', html: '<img src="x.png">', images: [{ alt: null, altState: 'missing' }] },
  { name: 'alt="" is empty, a declared decorative image', html: '<img src="x.png" alt="">', images: [{ alt: '', altState: 'empty' }] },
  { name: 'a bare alt attribute is an empty value', html: '<img alt src="x.png">', images: [{ alt: '', altState: 'empty' }] },
  { name: 'a blank alt is empty too', html: '<img alt="   " src="x.png">', images: [{ alt: '   ', altState: 'empty' }] },
  {
    name: 'uppercase names, single quotes, unquoted values',
    html: "<IMG SRC=a.png ALT='Big A'>",
    images: [{ src: 'a.png', alt: 'Big A' }],
  },
  {
    name: 'an unquoted value takes a trailing slash with it',
    html: '<img src=a.png/>',
    images: [{ src: 'a.png/', text: '<img src=a.png/>' }],
  },
  {
    name: 'character references are decoded',
    html: '<img src="a.png?x=1&amp;y=2" alt="Tom &amp; Jerry &lt;3 &#x263A;">',
    images: [{ src: 'a.png?x=1&y=2', alt: 'Tom & Jerry <3 ☺' }],
  },
  { name: 'the first of duplicate attributes wins', html: '<img src="a.png" alt="first" alt="second">', images: [{ alt: 'first' }] },
  { name: '<image> is parsed as <img>', html: '<body><image src="i.png" alt="Legacy"></body>', images: [{ src: 'i.png', alt: 'Legacy' }] },
  { name: 'a self-closing slash', html: '<img src="s.png" alt="S" />', images: [{ text: '<img src="s.png" alt="S" />' }] },
  {
    name: 'attributes over several lines',
    html: '<img\n  src="m.png"\n  alt="Multi"\n>',
    images: [{ text: '<img\n  src="m.png"\n  alt="Multi"\n>', alt: 'Multi' }],
  },
  { name: 'nothing inside a comment', html: '<!-- <img src="c.png"> --><img src="real.png">', images: [{ src: 'real.png' }] },
  {
    name: 'nothing inside script, style, textarea or title',
    html: '<title><img src=t></title><script>"<img src=s>"</script><style>/*<img src=y>*/</style><textarea><img src=a></textarea>',
    images: [],
  },
  { name: 'nothing inside an attribute value', html: '<a title="<img src=x.png>">link</a>', images: [] },
  { name: 'an SVG <image> is not an HTML img', html: '<svg><image href="v.png"/></svg>', images: [] },
  { name: 'template contents count', html: '<template><img src="t.png" alt="T"></template>', images: [{ src: 't.png' }] },
  {
    name: 'picture: the img carries the alt',
    html: '<picture><source srcset="a.avif" type="image/avif"><img src="a.jpg" alt="Aerial view"></picture>',
    images: [{ src: 'a.jpg', alt: 'Aerial view' }],
  },
  {
    name: 'picture without img src falls back to the first source',
    html: '<picture><source srcset="b.webp 1x, b2.webp 2x"><img alt="B"></picture>',
    images: [{ src: 'b.webp' }],
  },
  { name: 'srcset alone gives the source', html: '<img srcset="small.png 480w, big.png 1080w" alt="S">', images: [{ src: 'small.png' }] },
  { name: 'role="presentation" is decorative', html: '<img src="d.png" role="presentation">', images: [{ altState: 'decorative' }] },
  { name: 'role="none" is decorative', html: '<img src="d.png" alt="IMG_0001" role="none">', images: [{ altState: 'decorative' }] },
  { name: 'aria-hidden="true" is decorative', html: '<img src="d.png" aria-hidden="TRUE">', images: [{ altState: 'decorative' }] },
  { name: 'aria-hidden="false" is not', html: '<img src="d.png" aria-hidden="false">', images: [{ altState: 'missing' }] },
  { name: 'only the first role token counts', html: '<img src="d.png" role="img presentation">', images: [{ altState: 'missing' }] },
  { name: 'placeholder alt', html: '<img src="photos/DSC0001.JPG" alt="DSC0001">', images: [{ altState: 'placeholder' }] },
  { name: 'an img cut off by the end of the file is dropped', html: '<p>ok</p><img src="x.png" alt="cut', images: [] },
  {
    name: 'CRLF line endings keep offsets',
    html: '<p>\r\n<img\r\n src="c.png">\r\n<img src="d.png">',
    images: [{ text: '<img\r\n src="c.png">' }, { text: '<img src="d.png">' }],
  },
  { name: 'a byte order mark keeps offsets', html: '\uFEFF<img src="b.png" alt="Bom">', images: [{ text: '<img src="b.png" alt="Bom">' }] },
  {
    name: 'astral characters before the img',
    html: '<p>🎉🎉</p><img src="u.png" alt="Üñíçødé 🐱">',
    images: [{ text: '<img src="u.png" alt="Üñíçødé 🐱">', alt: 'Üñíçødé 🐱' }],
  },
  {
    name: 'nested in tables and links',
    html: '<table><tr><td><a href="/"><img src="n.png" alt="Home"></a></td></tr></table>',
    images: [{ alt: 'Home' }],
  },
];

describe('HTML scanner', () => {
  for (const c of cases) it(c.name, () => void expectImages(c.html, 'html', c.images));

  it('finds every img of a large page in order', () => {
    const html = Array.from({ length: 500 }, (_, i) => `<div><img src="${i}.png" alt="Image number ${i} of a series"></div>`).join('\n');
    const images = scan(html, 'html');
    assert.equal(images.length, 500);
    assert.deepEqual(
      images.map((i) => i.src),
      Array.from({ length: 500 }, (_, i) => `${i}.png`),
    );
  });
});
