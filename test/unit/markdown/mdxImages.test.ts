import { strict as assert } from 'node:assert';
import { altEdit, scanDocument, scanDocumentWithWarnings } from '../../../src/markdown';
import { expectImages, type Expected } from './support/scanHelpers';

// Expectations follow MDX: JSX attribute strings decode character references, `{...}` is JavaScript,
// Markdown images keep their Markdown meaning, and code stays code.
const cases: Array<{ name: string; mdx: string; images: Expected[] }> = [
  {
    name: 'a self-closing JSX img on its own line',
    mdx: '# Title\n\n<img src="/img/a.png" alt="Alpha" />\n',
    images: [{ text: '<img src="/img/a.png" alt="Alpha" />', syntax: 'mdx', src: '/img/a.png', alt: 'Alpha', altState: 'ok' }],
  },
  {
    name: 'an Image component without alt',
    mdx: '<Image src="/b.png" width={300} />\n',
    images: [{ syntax: 'mdx', src: '/b.png', alt: null, altState: 'missing' }],
  },
  {
    name: 'an img inside a paragraph',
    mdx: 'Inline <img src="i.png" alt="" /> image.\n',
    images: [{ text: '<img src="i.png" alt="" />', alt: '', altState: 'empty' }],
  },
  {
    name: 'an Image with children spans the whole element',
    mdx: '<Image src="c.png" alt="C">\n  caption\n</Image>\n',
    images: [{ text: '<Image src="c.png" alt="C">\n  caption\n</Image>', alt: 'C' }],
  },
  {
    name: 'character references in attribute strings',
    mdx: '<img src="a.png" alt="Fish &amp; chips &#8212; fresh" />\n',
    images: [{ alt: 'Fish & chips — fresh' }],
  },
  {
    name: 'a string literal expression is a string',
    mdx: '<img src="a.png" alt={"Quoted literal"} />\n',
    images: [{ alt: 'Quoted literal', altState: 'ok' }],
  },
  {
    name: 'a computed alt is reported as written and not judged',
    mdx: '<img src="a.png" alt={t(\'hero.alt\')} />\n',
    images: [{ alt: "{t('hero.alt')}", altState: 'ok' }],
  },
  {
    name: 'a required source gives its path',
    mdx: "<img src={require('./pics/r.png').default} />\n",
    images: [{ src: './pics/r.png', altState: 'missing' }],
  },
  {
    name: 'an imported image gives its path',
    mdx: 'import pic from \'./p.png\'\n\n<img src={pic} alt="P" />\n',
    images: [{ src: './p.png', alt: 'P' }],
  },
  {
    name: 'a variable that is not an imported image is unknown',
    mdx: "import data from './d.json'\nexport const x = 1\n\n<img src={data} />\n<img src={x} />\n",
    images: [{ src: '' }, { src: '' }],
  },
  {
    name: 'next/image and astro:assets: an imported image as src or .src',
    mdx: "import Image from 'next/image'\nimport hero from '../assets/hero.jpg'\n\n<Image src={hero} alt=\"Hero\" />\n<img src={hero.src} alt={`Template literal`} />\n",
    images: [
      { syntax: 'mdx', src: '../assets/hero.jpg', alt: 'Hero' },
      { src: '../assets/hero.jpg', alt: 'Template literal', altState: 'ok' },
    ],
  },
  {
    name: 'a template literal with an expression is computed',
    mdx: '<img src="a.png" alt={`Step ${n}`} />\n',
    images: [{ alt: '{`Step ${n}`}', altState: 'ok' }],
  },
  {
    name: 'ThemedImage takes the light source',
    mdx: "import ThemedImage from '@theme/ThemedImage'\nimport useBaseUrl from '@docusaurus/useBaseUrl'\n\n<ThemedImage\n  alt=\"IMG_2041\"\n  sources={{\n    light: useBaseUrl('/img/light.png'),\n    dark: useBaseUrl('/img/dark.png'),\n  }}\n/>\n",
    images: [{ syntax: 'mdx', src: '/img/light.png', alt: 'IMG_2041', altState: 'placeholder' }],
  },
  {
    name: 'ThemedImage with required sources and no alt',
    mdx: "<ThemedImage sources={{ light: require('./l.png').default, dark: require('./d.png').default }} />\n",
    images: [{ src: './l.png', alt: null, altState: 'missing' }],
  },
  { name: 'aria-hidden as a bare attribute is decorative', mdx: '<img src="d.png" aria-hidden />\n', images: [{ altState: 'decorative' }] },
  { name: 'role="presentation" is decorative', mdx: '<Image src="d.png" role="presentation" />\n', images: [{ altState: 'decorative' }] },
  {
    name: 'Markdown images in MDX',
    mdx: 'Some ![md image](m.png) text.\n\n![ref][r]\n\n[r]: r.png\n',
    images: [
      { syntax: 'markdown-inline', alt: 'md image' },
      { syntax: 'markdown-reference', src: 'r.png' },
    ],
  },
  {
    name: 'an img nested in other JSX',
    mdx: '<figure>\n  <img src="f.png" alt="Figure" />\n  <figcaption>Cap</figcaption>\n</figure>\n',
    images: [{ text: '<img src="f.png" alt="Figure" />' }],
  },
  { name: 'other components are not images', mdx: '<Avatar src="a.png" />\n<ImageGallery src="g.png" />\n', images: [] },
  { name: 'nothing in code', mdx: '```jsx\n<img src="x.png" />\n```\n\n`<img src="y.png" />`\n', images: [] },
  { name: 'nothing in a string inside an expression', mdx: '{"<img src=\\"z.png\\" />"}\n', images: [] },
  {
    name: 'front matter is skipped',
    mdx: '---\ntitle: <img src="f.png" />\n---\n\n<img src="real.png" />\n',
    images: [{ src: 'real.png' }],
  },
  {
    name: 'CRLF and a byte order mark',
    mdx: '\uFEFFimport X from "x"\r\n\r\n<img\r\n  src="c.png"\r\n  alt="Crlf"\r\n/>\r\n',
    images: [{ text: '<img\r\n  src="c.png"\r\n  alt="Crlf"\r\n/>', alt: 'Crlf' }],
  },
];

describe('MDX scanner', () => {
  for (const c of cases) it(c.name, () => void expectImages(c.mdx, 'mdx', c.images));

  it('which components are images is an option', () => {
    const mdx = '<Figure src="f.png" />\n<img src="i.png" />\n<ThemedImage sources={{ light: "/l.png" }} />\n';
    expectImages(mdx, 'mdx', [{ src: 'f.png', altState: 'missing' }, { src: 'i.png' }], { mdxImageComponents: ['img', 'Figure'] });
  });

  it('an edit of a ThemedImage inserts alt after the last attribute', () => {
    const mdx = '<ThemedImage sources={{ light: "/l.png", dark: "/d.png" }} />\n';
    const [image] = scanDocument(mdx, 'mdx');
    const edit = altEdit(mdx, image, 'A chart');
    assert.equal(
      mdx.slice(0, edit.range.start) + edit.newText + mdx.slice(edit.range.end),
      '<ThemedImage sources={{ light: "/l.png", dark: "/d.png" }} alt="A chart" />\n',
    );
  });

  it('reads MDX that does not parse as Markdown, and says so', () => {
    const text = 'Broken <img src="a.png" alt="Still found">\n\n<div>\n';
    const result = scanDocumentWithWarnings(text, 'mdx');
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0], /not valid MDX/);
    assert.deepEqual(
      result.images.map((i) => [i.syntax, i.alt]),
      [['mdx', 'Still found']],
    );
  });

  it('does not warn about valid MDX', () => {
    assert.deepEqual(scanDocumentWithWarnings('<img src="a.png" />\n', 'mdx').warnings, []);
  });
});
