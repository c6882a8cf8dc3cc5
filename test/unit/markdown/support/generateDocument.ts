/**
 * Seeded generators of documents full of images written every way the scanner knows, for property
 * tests and the benchmark. The same seed gives the same document.
 */

export type Random = () => number;

/** mulberry32: small, fast, good enough to spread test cases. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function chance(random: Random, p: number): boolean {
  return random() < p;
}

function range(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const WORDS = [
  'the',
  'quick',
  'brown',
  'fox',
  'jumps',
  'over',
  'lazy',
  'dog',
  'Straße',
  'naïve',
  'café',
  '猫',
  '日本語',
  '🐕',
  '😀',
  'über',
  'data',
  'chart',
  'results',
  'install',
  'config',
];
// Alt texts as written in Markdown: plain, escaped, with inline markup, placeholders, unicode.
const MARKDOWN_ALTS = [
  '',
  'A fox',
  'IMG_2041',
  'image',
  'Chart of *weekly* results',
  'a \\[bracketed\\] word',
  'Tom &amp; Jerry',
  'code `x = 1` here',
  'Straße im Schnee 🐕',
  'screenshot',
  'photo of a lake',
  'diagram.png',
  'two  spaces',
];
const HTML_ALTS = [undefined, '', 'A fox', 'IMG_2041', 'Tom &amp; Jerry', 'It&#39;s here', 'graphic', 'Straße 🐕', 'a &lt;tag&gt;'];
const NAMES = ['fox.png', 'diagram.png', 'IMG_2041.jpg', 'ねこ.png', 'my%20pic.png', 'a_b.svg', 'chart.webp', 'logo.svg'];
const FOLDERS = ['', './', '../', 'img/', '/img/', 'https://example.com/', 'assets/pics/'];
// Captions chosen to stress escaping: Markdown, HTML and JSX specials, unicode, line breaks.
const CAPTION_PARTS = [
  'a',
  'cat',
  'on',
  'the',
  'mat',
  'Straße',
  '猫',
  '🐕',
  'naïve',
  'x*y*',
  '[note]',
  'a_b_',
  '`code`',
  '<b>',
  '</i>',
  '&amp;',
  'AT&T',
  '"quoted"',
  "it's",
  'back\\slash',
  'pipe|bar',
  '{brace}',
  '~tilde~',
  '~~gone~~',
  '!bang',
  '#hash',
  '1.',
  '-',
  '>',
  'www.example.com',
  '<!-- x -->',
  '\n',
  '\r\n',
  '  ',
  '\t',
  'trailing\\',
  '![x](y)',
  '[^1]',
  '&copy;',
  '&#65;',
  '<https://a.b>',
];

export function randomCaption(random: Random): string {
  return Array.from({ length: range(random, 1, 8) }, () => pick(random, CAPTION_PARTS)).join(pick(random, [' ', ' ', '']));
}

function words(random: Random, min: number, max: number): string {
  return Array.from({ length: range(random, min, max) }, () => pick(random, WORDS)).join(' ');
}

function source(random: Random): string {
  return pick(random, FOLDERS) + pick(random, NAMES);
}

function htmlImg(random: Random, multiline: boolean): string {
  const alt = pick(random, HTML_ALTS);
  const quote = pick(random, ['"', "'", '"']);
  const attributes = [`src=${quote}${source(random)}${quote}`];
  if (alt !== undefined) attributes.push(alt === '' && chance(random, 0.3) ? 'alt' : `alt=${quote}${alt}${quote}`);
  if (chance(random, 0.4)) attributes.push(`width="${range(random, 10, 900)}"`);
  if (chance(random, 0.1)) attributes.push('aria-hidden="true"');
  if (chance(random, 0.5)) attributes.reverse();
  const name = chance(random, 0.15) ? 'IMG' : 'img';
  const separator = multiline && chance(random, 0.5) ? '\n  ' : ' ';
  return `<${name} ${attributes.join(separator)}${pick(random, ['>', ' />', '/>'])}`;
}

interface MarkdownContext {
  random: Random;
  definitions: Map<string, string>;
  footnotes: string[];
}

function markdownImage(context: MarkdownContext): string {
  const { random } = context;
  const alt = pick(random, MARKDOWN_ALTS);
  const src = source(random);
  const kind = range(random, 0, 9);
  if (kind <= 4) {
    const destination = chance(random, 0.2) ? `<${src.replace('%20', ' ')}>` : src;
    const title = chance(random, 0.3) ? ` "${words(random, 1, 3)}"` : '';
    return `![${alt}](${destination}${title})`;
  }
  if (kind <= 7 && alt !== '') {
    const label = kind === 5 ? words(random, 1, 2) : alt;
    context.definitions.set(label, src);
    const label2 = chance(random, 0.3) ? label.toUpperCase() : label;
    return kind === 5 ? `![${alt}][${label2}]` : kind === 6 ? `![${alt}][]` : `![${alt}]`;
  }
  if (kind === 8) return `![${alt}](${src})${pick(random, ['<!-- alt-text: decorative -->', ' <!-- alt-text: decorative -->'])}`;
  return htmlImg(random, false);
}

function inlineContent(context: MarkdownContext, multilineHtml: boolean): string {
  const { random } = context;
  const parts: string[] = [words(random, 1, 5)];
  for (let i = range(random, 0, 3); i > 0; i--) {
    const image = markdownImage(context);
    const wrap = range(random, 0, 9);
    if (wrap === 0) parts.push(`[${image}](https://example.com/${pick(random, NAMES)})`);
    else if (wrap === 1) parts.push(`*${image}*`);
    else if (wrap === 2) parts.push(`\`![in code](x.png)\``);
    else if (wrap === 3 && multilineHtml) parts.push(htmlImg(random, true));
    else parts.push(image);
    parts.push(words(random, 0, 4));
  }
  return parts.filter(Boolean).join(' ');
}

/** A Markdown document (CommonMark + GFM) with `blocks` blocks of many kinds. */
export function generateMarkdown(seed: number, blocks = 8): string {
  const random = seededRandom(seed);
  const context: MarkdownContext = { random, definitions: new Map(), footnotes: [] };
  const out: string[] = [];
  if (chance(random, 0.2)) out.push('---\ntitle: ' + words(random, 1, 3) + '\n---');
  for (let b = 0; b < blocks; b++) {
    switch (range(random, 0, 11)) {
      case 0:
        out.push(`${'#'.repeat(range(random, 1, 4))} ${inlineContent(context, false)}`);
        break;
      case 1:
        out.push(
          Array.from(
            { length: range(random, 1, 3) },
            (_, i) => `${'  '.repeat(i)}${pick(random, ['-', '*', '1.'])} ${inlineContent(context, false)}`,
          ).join('\n'),
        );
        break;
      case 2:
        out.push(
          inlineContent(context, true)
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n'),
        );
        break;
      case 3: {
        const cell = () => inlineContent(context, false).replace(/\|/g, '\\|');
        out.push(`| ${words(random, 1, 2)} | ${words(random, 1, 2)} |\n| --- | --- |\n| ${cell()} | ${cell()} |`);
        break;
      }
      case 4: {
        const fence = pick(random, ['```', '~~~']);
        out.push(`${fence}md\n![code](c.png)\n<img src="code.png">\n${fence}`);
        break;
      }
      case 5:
        out.push(`<div align="center">\n  ${htmlImg(random, true)}\n  ${htmlImg(random, false)}\n</div>`);
        break;
      case 6:
        out.push(`<!--\n![commented](c.png) ${htmlImg(random, false)}\n-->`);
        break;
      case 7: {
        const id = `n${context.footnotes.length + 1}`;
        context.footnotes.push(`[^${id}]: ${inlineContent(context, false)}`);
        out.push(`${words(random, 2, 5)}[^${id}]`);
        break;
      }
      case 8:
        out.push(`    ![indented code](i.png)`);
        break;
      default:
        out.push(inlineContent(context, true));
    }
  }
  out.push(...context.footnotes);
  for (const [label, src] of context.definitions) out.push(`[${label}]: ${src}`);
  const lineEnding = pick(random, ['\n', '\n', '\r\n']);
  const bom = chance(random, 0.15) ? '\uFEFF' : '';
  return bom + out.join('\n\n').replace(/\n/g, lineEnding) + lineEnding;
}

/** An MDX document: Markdown images, JSX images with strings and expressions, ESM and code. */
export function generateMdx(seed: number, blocks = 8): string {
  const random = seededRandom(seed);
  const out: string[] = [];
  if (chance(random, 0.5)) out.push(`import Thing from './thing'`);
  for (let b = 0; b < blocks; b++) {
    const alt = pick(random, [undefined, '', 'A fox', 'IMG_2041', 'Tom &amp; Jerry', '{"literal"}', '{t("key")}']);
    const altAttribute = alt === undefined ? '' : alt.startsWith('{') ? ` alt=${alt}` : ` alt="${alt}"`;
    const name = pick(random, ['img', 'Image']);
    switch (range(random, 0, 7)) {
      case 6:
        out.push(
          `<ThemedImage${altAttribute}\n  sources={{\n    light: useBaseUrl('${source(random)}'),\n    dark: require('./dark.png').default,\n  }}\n/>`,
        );
        break;
      case 7:
        out.unshift(`import shot${b} from './${pick(random, NAMES)}'`);
        out.push(`${words(random, 0, 3)} <${name} src={shot${b}}${altAttribute} />`);
        break;
      case 0:
        out.push(`<${name} src="${source(random)}"${altAttribute} />`);
        break;
      case 1:
        out.push(
          `${words(random, 1, 4)} <${name}${altAttribute} src="${source(random)}" width={${range(random, 1, 99)}} /> ${words(random, 0, 3)}`,
        );
        break;
      case 2:
        out.push(`<figure>\n  <${name}\n    src="${source(random)}"${altAttribute.replace(' ', '\n    ')}\n  />\n</figure>`);
        break;
      case 3:
        out.push(
          `${words(random, 1, 3)} ![${pick(random, ['', 'A fox', 'image'])}](${source(random)})${chance(random, 0.2) ? '{/* alt-text: decorative */}' : ''}`,
        );
        break;
      case 4:
        out.push('```jsx\n<img src="code.png" />\n```');
        break;
      default:
        out.push(`> ${words(random, 1, 3)} ![${pick(random, ['', 'quoted'])}](${source(random)})`);
    }
  }
  const lineEnding = pick(random, ['\n', '\r\n']);
  return out.join('\n\n').replace(/\n/g, lineEnding) + lineEnding;
}

/** An HTML page with images in many places, and look-alikes that are not images. */
export function generateHtml(seed: number, blocks = 8): string {
  const random = seededRandom(seed);
  const out: string[] = ['<!doctype html>', '<html><head><title>Page</title></head><body>'];
  for (let b = 0; b < blocks; b++) {
    switch (range(random, 0, 6)) {
      case 0:
        out.push(`<p>${words(random, 1, 4)} ${htmlImg(random, true)} ${words(random, 0, 3)}</p>`);
        break;
      case 1:
        out.push(`<picture>\n  <source srcset="${source(random)}">\n  ${htmlImg(random, true)}\n</picture>`);
        break;
      case 2:
        out.push(`<table><tr><td><a href="/">${htmlImg(random, false)}</a></td></tr></table>`);
        break;
      case 3:
        out.push(`<!-- ${htmlImg(random, false)} -->`);
        break;
      case 4:
        out.push(`<script>const html = '<img src="s.png">';</script>`);
        break;
      default:
        out.push(`<div>\n${htmlImg(random, true)}\n</div>`);
    }
  }
  out.push('</body></html>');
  const lineEnding = pick(random, ['\n', '\r\n']);
  const bom = chance(random, 0.15) ? '\uFEFF' : '';
  return bom + out.join('\n').replace(/\n/g, lineEnding) + lineEnding;
}

const DIRECTIVE_ALTS = [undefined, '', 'A fox', 'IMG_2041', 'screenshot', 'Straße im Schnee 🐕', 'two, with comma'];

function hugoFigure(random: Random): string {
  const alt = pick(random, DIRECTIVE_ALTS);
  const parameters = [
    `src=${pick(random, ['"', '"', ''])}${pick(random, ['/images/', 'img/', ''])}${pick(random, ['fox.png', 'chart.webp', 'IMG_2041.jpg'])}`.replace(
      /^src=("?)(.*)$/,
      (_, q: string, v: string) => `src=${q}${v}${q}`,
    ),
  ];
  if (alt !== undefined)
    parameters.push(`alt=${pick(random, ['"', '`'])}${alt}`.replace(/^alt=(.)(.*)$/s, (_, q: string, v: string) => `alt=${q}${v}${q}`));
  if (chance(random, 0.5)) parameters.push(`caption="${words(random, 1, 4)}"`);
  if (chance(random, 0.3)) parameters.push(`width="${range(random, 10, 900)}"`);
  if (chance(random, 0.4)) parameters.reverse();
  const [open, close] = pick(random, [
    ['{{<', '>}}'],
    ['{{%', '%}}'],
    ['{{<', '/>}}'],
  ]);
  const separator = chance(random, 0.3) ? '\n  ' : ' ';
  return `${open} figure${separator}${parameters.join(separator)} ${close}`;
}

function pandocImage(random: Random): string {
  const caption = pick(random, ['', 'A fox', 'Figure *one*', 'image']);
  const parts: string[] = [];
  if (chance(random, 0.5)) parts.push(`#fig-${range(random, 1, 99)}`);
  if (chance(random, 0.3)) parts.push('.wide');
  const alt = pick(random, DIRECTIVE_ALTS);
  if (alt !== undefined) parts.push(`fig-alt="${alt}"`);
  if (chance(random, 0.4) || parts.length === 0) parts.push(`width=${range(random, 10, 90)}%`);
  return `![${caption}](${source(random)}){${parts.join(' ')}}`;
}

function mystImage(random: Random): string {
  const directive = pick(random, ['image', 'figure']);
  const fence = pick(random, [':::', '::::', '```']);
  const options: string[] = [];
  const alt = pick(random, DIRECTIVE_ALTS);
  if (chance(random, 0.3)) options.push(`:width: ${range(random, 10, 90)}%`);
  if (alt !== undefined) options.push(alt === '' ? ':alt:' : `:alt: ${alt}`);
  if (chance(random, 0.3)) options.push(':align: center');
  const body = directive === 'figure' ? `\n\n${words(random, 1, 5)}` : '';
  return `${fence}{${directive}} ${pick(random, ['img/', '../assets/', ''])}${pick(random, NAMES)}\n${options.map((o) => o + '\n').join('')}${body.trimStart() ? body.slice(1) + '\n' : ''}${fence}`;
}

function learnImage(random: Random): string {
  const alt = pick(random, DIRECTIVE_ALTS);
  const type = pick(random, ['content', 'content', 'complex', 'icon']);
  const parameters = [`type="${type}"`, `source="${pick(random, ['media/', '../media/'])}${pick(random, NAMES)}"`];
  if (alt !== undefined) parameters.push(`alt-text="${alt}"`);
  if (chance(random, 0.3)) parameters.push('lightbox="media/big.png"');
  if (chance(random, 0.3)) parameters.push('border="false"');
  return `:::image ${parameters.join(' ')}:::`;
}

/**
 * A Markdown document of a docs site: CommonMark images beside Hugo figures, Pandoc attributes,
 * MyST directives and Microsoft Learn images, and the same written inside code, where they are
 * examples, not images.
 */
export function generateSiteMarkdown(seed: number, blocks = 10): string {
  const random = seededRandom(seed);
  const context: MarkdownContext = { random, definitions: new Map(), footnotes: [] };
  const out: string[] = [];
  if (chance(random, 0.3)) out.push('---\ntitle: ' + words(random, 1, 3) + '\n---');
  for (let b = 0; b < blocks; b++) {
    switch (range(random, 0, 9)) {
      case 0:
        out.push(`${words(random, 1, 4)} ${hugoFigure(random)} ${words(random, 0, 3)}`);
        break;
      case 1:
        out.push(hugoFigure(random));
        break;
      case 2:
        out.push(`${words(random, 0, 3)} ${pandocImage(random)} ${words(random, 0, 3)}`);
        break;
      case 3:
        out.push(mystImage(random));
        break;
      case 4:
        out.push(learnImage(random));
        break;
      case 5:
        out.push(`\`\`\`md\n${hugoFigure(random)}\n${learnImage(random)}\n\`\`\``);
        break;
      case 6:
        out.push(`Write \`${hugoFigure(random).replace(/\n/g, ' ')}\` or {{</* figure src="x.png" */>}}.`);
        break;
      case 7:
        out.push(`- ${words(random, 1, 3)} ${pandocImage(random)}\n- ${hugoFigure(random).replace(/\n/g, ' ')}`);
        break;
      default:
        out.push(inlineContent(context, false));
    }
  }
  for (const [label, src] of context.definitions) out.push(`[${label}]: ${src}`);
  const lineEnding = pick(random, ['\n', '\n', '\r\n']);
  const bom = chance(random, 0.1) ? '\uFEFF' : '';
  return bom + out.join('\n\n').replace(/\n/g, lineEnding) + lineEnding;
}

function asciidocAlt(random: Random): string {
  const alt = pick(random, DIRECTIVE_ALTS);
  const extra = chance(random, 0.3) ? `${alt === undefined ? '' : ','}width=${range(random, 10, 900)}` : '';
  if (alt === undefined) return extra;
  const written = alt.includes(',') || (alt === '' && chance(random, 0.5)) ? `"${alt}"` : alt;
  return chance(random, 0.2) && alt !== '' ? `alt="${alt}"${extra}` : `${written}${extra}`;
}

/** An AsciiDoc document with block and inline images, and the same inside listings and comments. */
export function generateAsciidoc(seed: number, blocks = 10): string {
  const random = seededRandom(seed);
  const out: string[] = [`= ${words(random, 1, 3)}`];
  for (let b = 0; b < blocks; b++) {
    const target = `${pick(random, ['', 'images/', '../assets/'])}${pick(random, ['fox.png', 'chart.webp', 'IMG_2041.jpg', 'a_b.svg'])}`;
    switch (range(random, 0, 6)) {
      case 0:
      case 1:
        out.push(`${chance(random, 0.3) ? '.A title\n' : ''}image::${target}[${asciidocAlt(random)}]`);
        break;
      case 2:
      case 3:
        out.push(
          `${words(random, 1, 4)} image:${target}[${asciidocAlt(random)}] ${words(random, 0, 3)} ${chance(random, 0.3) ? `image:icon.png[${asciidocAlt(random)}]` : ''}`,
        );
        break;
      case 4:
        out.push(`----\nimage::${target}[]\n----`);
        break;
      case 5:
        out.push(`// image::${target}[]\nUse \`image:${target}[]\` inline.`);
        break;
      default:
        out.push(words(random, 3, 9));
    }
  }
  const lineEnding = pick(random, ['\n', '\r\n']);
  return out.join('\n\n').replace(/\n/g, lineEnding) + lineEnding;
}

// Hostile shapes for the edit fuzz: captions full of what ends or opens Markdown and HTML
// constructs, and documents where an image sits next to something left open before it.
const HOSTILE_CAPTION_PARTS = [
  ']',
  '[',
  '\\',
  '`',
  '``',
  '<',
  '>',
  '&',
  '&amp;',
  '&#96;',
  '&#x5D;',
  '\n',
  '\r\n',
  '\u200f',
  '\u202e',
  '\u200e',
  '\u2067',
  '"',
  "'",
  '*',
  '_',
  '![',
  '](',
  ')',
  '(',
  '^',
  '[^1]',
  '-->',
  '<!--',
  '<img src=x>',
  '</textarea>',
  '|',
  '{',
  '}',
  '~',
  '$',
  '#',
  ':',
  'http://x.y',
  'www.a.b',
  '  ',
  '\t',
  '!',
  'a',
  'cat',
  'Straße',
  '🐕',
  '\\`',
  '`\\',
  '\\]',
  '[x]: y',
  '?>',
  ']]>',
];

/** A caption made of the parts above, which stress escaping in every syntax. */
export function hostileCaption(random: Random): string {
  return Array.from({ length: range(random, 1, 10) }, () => pick(random, HOSTILE_CAPTION_PARTS)).join(pick(random, [' ', '', '', ' ']));
}

// Text that opens a construct and leaves it open, so that a closer in a later caption could end it.
const STRAY_OPENERS = [
  '`',
  '``',
  '<a title="',
  "<a title='",
  '<a ',
  '<http://x',
  '<!--',
  '<?',
  '<![CDATA[',
  '[',
  '*',
  '_',
  '~',
  '[a](',
  '[a](<',
  '![',
  '\\',
  '&',
  '&#',
  '<b',
  '$',
];
const HOSTILE_ALTS = [
  '',
  'a [b] c',
  'a [link](l.html) b',
  'x ![inner](i.png) y',
  'a \\] b',
  'tick ` here',
  '``',
  'a\\',
  '&#96;',
  '<b>x</b>',
  '*em*',
  'line\nbreak',
  'a [b [c] d] e',
  '[ref]',
  'IMG_2041',
];
const HOSTILE_LABELS = ['Logo', 'a\\]b', 'foo bar', 'FOO\nbar', 'x*y', '`t`', 'ẞ', 'a  b', '1'];

function hostileMarkdownImage(random: Random, definitions: Map<string, string>): string {
  const alt = pick(random, HOSTILE_ALTS);
  const src = source(random).replace(' ', '%20');
  switch (range(random, 0, 7)) {
    case 0: {
      const label = pick(random, HOSTILE_LABELS);
      definitions.set(label, src);
      return `![${alt}][${chance(random, 0.3) ? label.toLowerCase() : label}]`;
    }
    case 1: {
      // Collapsed and shortcut references need an alt that is a label: no unescaped brackets.
      const label = pick(random, HOSTILE_LABELS);
      definitions.set(label, src);
      return chance(random, 0.5) ? `![${label}][]` : `![${label}]`;
    }
    case 2:
      return `![${alt}](<${src}> "t")`;
    case 3:
      return `<img src=${src}${pick(random, ['/', ' /', ''])}>`;
    default:
      return `![${alt}](${src})`;
  }
}

/**
 * A Markdown document of images among hostile neighbours: stray code span backticks, unclosed HTML,
 * autolinks and brackets before them, links and images inside alt text, reference definitions in
 * containers, and tables.
 */
export function generateHostileMarkdown(seed: number, blocks = 6): string {
  const random = seededRandom(seed);
  const definitions = new Map<string, string>();
  const out: string[] = [];
  const line = (): string => {
    const parts: string[] = [];
    for (let i = range(random, 1, 3); i > 0; i--) {
      if (chance(random, 0.5)) parts.push(pick(random, STRAY_OPENERS));
      parts.push(words(random, 0, 2));
      const image = hostileMarkdownImage(random, definitions);
      parts.push(chance(random, 0.15) ? `[${image}](l.html)` : image);
      if (chance(random, 0.3)) parts.push(pick(random, STRAY_OPENERS));
    }
    return parts.filter(Boolean).join(pick(random, [' ', '']));
  };
  for (let b = 0; b < blocks; b++) {
    switch (range(random, 0, 5)) {
      case 0:
        out.push(
          line()
            .split('\n')
            .map((l) => `> ${l}`)
            .join('\n'),
        );
        break;
      case 1:
        out.push(`- ${line().replace(/\n/g, '\n  ')}`);
        break;
      case 2:
        out.push(`| a | b |\n| --- | --- |\n| ${line().replace(/\n/g, ' ').replace(/\|/g, '\\|')} | x |`);
        break;
      default:
        out.push(line());
    }
  }
  // Definitions go at the end, some inside a block quote or list (they still count there).
  for (const [label, src] of definitions) {
    const wrap = pick(random, ['', '', '> ', '- ']);
    out.push(`${wrap}[${label.replace(/\n/g, '\n' + (wrap ? '  ' : ''))}]: ${src}`);
  }
  return out.join('\n\n') + pick(random, ['\n', '']);
}

/** HTML with images written with unquoted values, trailing slashes, and raw text around them. */
export function generateHostileHtml(seed: number, blocks = 6): string {
  const random = seededRandom(seed);
  const out: string[] = ['<!doctype html><body>'];
  for (let b = 0; b < blocks; b++) {
    const src = source(random).replace(' ', '%20');
    const img = pick(random, [
      `<img src=${src}/>`,
      `<img src=${src} />`,
      `<img src=${src}>`,
      `<img src="${src}"/>`,
      `<img alt=x src=${src}/>`,
      `<img alt src=${src}>`,
      `<img src='${src}' alt='${pick(random, ['', 'IMG_1', 'a'])}'>`,
    ]);
    out.push(
      pick(random, [
        `<p>${img}</p>`,
        `<div><span>${img}</span></div>`,
        `<textarea>${img}</textarea>${img}`,
        `<script>document.write('${img}')</script>${img}`,
        `<svg><image href="${src}"/></svg>${img}`,
        `<table><tr><td>${img}`,
      ]),
    );
  }
  return out.join('\n') + '\n';
}
