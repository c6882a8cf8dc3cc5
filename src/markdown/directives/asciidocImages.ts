import { judgeAlt } from '../altState';
import type { ScanOptions } from '../scanOptions';
import { addContext, cssPixels, linkTo, sizeOf } from '../imageContext';
import type { DirectiveAltSite, ImageRef, OffsetRange } from '../types';

// Delimited blocks whose content is not AsciiDoc text: listing, literal, passthrough, comment.
const VERBATIM_DELIMITER = /^(-{4,}|\.{4,}|\+{4,}|\/{4,})[ \t]*$/;
const LINE_COMMENT = /^\/\/(?!\/)/;
// `image::target[attrs]` at the start of a line; `image:target[attrs]` inline.
const BLOCK_IMAGE = /^image::([^\s[\]][^[\]]*?)\[/;
const INLINE_IMAGE = /(?<![\w:\\])image:(?!:)([^\s[\]]+)\[/g;
// `literal` monospace and +passthrough+ in a line.
const INLINE_VERBATIM = /`[^`\r\n]+`|\+[^+\r\n]+\+/g;
// `.Title` above a block (not `..`, not `. item`), and block attribute lines like `[#id.role]`.
const BLOCK_TITLE = /^\.([^.\s].*)$/;
const BLOCK_ATTRIBUTES = /^\[[^\]]*\][ \t]*$/;

/** AsciiDoc (Asciidoctor) images: block `image::a.png[Alt text]` and inline `image:a.png[Alt text]`. */
export function asciidocImages(text: string, options: ScanOptions): ImageRef[] {
  const images: ImageRef[] = [];
  let verbatim: string | undefined;
  // A block title (`.Title`) names the block below it, across block attribute lines (`[#id]`).
  let blockTitle: string | undefined;
  let lineStart = text.startsWith('\uFEFF') ? 1 : 0;
  while (lineStart <= text.length) {
    let lineEnd = lineStart;
    while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
    const line = text.slice(lineStart, lineEnd);
    const delimiter = VERBATIM_DELIMITER.exec(line)?.[1];
    if (verbatim !== undefined) {
      if (delimiter === verbatim) verbatim = undefined;
    } else if (delimiter) {
      verbatim = delimiter;
    } else if (!LINE_COMMENT.test(line)) {
      images.push(...imagesInLine(text, lineStart, line, options, blockTitle));
    }
    const title = BLOCK_TITLE.exec(line)?.[1];
    if (title !== undefined && verbatim === undefined) blockTitle = title;
    else if (!BLOCK_ATTRIBUTES.test(line)) blockTitle = undefined;
    if (lineEnd >= text.length) break;
    lineStart = text[lineEnd] === '\r' && text[lineEnd + 1] === '\n' ? lineEnd + 2 : lineEnd + 1;
  }
  return images;
}

function imagesInLine(text: string, lineStart: number, line: string, options: ScanOptions, blockTitle: string | undefined): ImageRef[] {
  const images: ImageRef[] = [];
  const closers = listEnds(line, lineStart);
  const block = BLOCK_IMAGE.exec(line);
  if (block) {
    const image = macro(text, lineStart, lineStart + block[0].length, block[1], closers, options, { block: true, blockTitle });
    if (image && image.range.end === lineStart + line.trimEnd().length) images.push(image);
    return images;
  }
  const found: ImageRef[] = [];
  let after = 0;
  for (const match of line.matchAll(INLINE_IMAGE)) {
    // A macro cannot start inside the one before it.
    if (match.index! < after) continue;
    const image = macro(text, lineStart + match.index!, lineStart + match.index! + match[0].length, match[1], closers, options, {
      block: false,
    });
    if (!image) continue;
    found.push(image);
    after = image.range.end - lineStart;
  }
  if (found.length === 0) return images;
  // Monospace and passthrough spans are looked for in the line with the macros' attribute lists
  // blanked out, so that a backtick in one image's alt does not pair with one in another's.
  const parts: string[] = [];
  let at = 0;
  for (const image of found) {
    const from = image.range.start - lineStart;
    const to = image.range.end - lineStart;
    parts.push(line.slice(at, from), 'image:', ' '.repeat(to - from - 6));
    at = to;
  }
  parts.push(line.slice(at));
  const verbatim: OffsetRange[] = [...parts.join('').matchAll(INLINE_VERBATIM)].map((m) => ({
    start: m.index!,
    end: m.index! + m[0].length,
  }));
  let v = 0;
  for (const image of found) {
    const offset = image.range.start - lineStart;
    while (v < verbatim.length && verbatim[v].end <= offset) v++;
    if (!(v < verbatim.length && verbatim[v].start <= offset)) images.push(image);
  }
  // Inline images share their line with whatever else it holds, once the macros are taken out.
  let rest = '';
  at = 0;
  for (const image of found) {
    rest += line.slice(at, image.range.start - lineStart);
    at = image.range.end - lineStart;
  }
  rest += line.slice(at);
  if (/\S/.test(rest)) for (const image of images) addContext(image, { besideText: true });
  return images;
}

// Where attribute lists can end on a line: each `]` without a backslash right before it, in document offsets.
function listEnds(line: string, lineStart: number): number[] {
  const ends: number[] = [];
  for (let i = line.indexOf(']'); i >= 0; i = line.indexOf(']', i + 1)) if (line[i - 1] !== '\\') ends.push(lineStart + i);
  return ends;
}

interface Entry {
  /** The entry as written, blanks around it left out. */
  range: OffsetRange;
  name?: string;
  value: OffsetRange;
  quote: '"' | "'" | '';
}

// An attribute list ends at the first `]` without a backslash right before it, as Asciidoctor reads it.
function macro(
  text: string,
  start: number,
  listStart: number,
  target: string,
  closers: number[],
  options: ScanOptions,
  placement: { block: boolean; blockTitle?: string },
): ImageRef | undefined {
  let low = 0;
  let high = closers.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (closers[middle] < listStart) low = middle + 1;
    else high = middle;
  }
  const close = closers[low];
  if (close === undefined) return undefined;
  const entries = attributeEntries(text, listStart, close);
  const named = entries.find((e) => e.name === 'alt');
  const positional = entries[0] && entries[0].name === undefined ? entries[0] : undefined;
  const altEntry = named ?? (positional && positional.range.end > positional.range.start ? positional : undefined);
  const alt = altEntry ? entryValue(text, altEntry) : null;
  const site: DirectiveAltSite = {
    kind: 'directive',
    dialect: 'asciidoc',
    opening: 'image:',
    value: altEntry && { range: altEntry.value, quote: altEntry.quote },
    insert: { at: listStart, before: '', after: positional || entries.length === 0 ? '' : ',' },
  };
  // Asciidoctor writes an alt made from the file name when there is none, which says nothing.
  const judged = judgeAlt({
    alt,
    src: target,
    declaredDecorative: false,
    emptyMeans: altEntry?.quote ? 'empty' : 'missing',
    extraPlaceholders: options.extraPlaceholders,
  });
  const image: ImageRef = { range: { start, end: close + 1 }, syntax: 'asciidoc', src: target, alt, ...judged, altSite: site };
  // Positional attributes after the alt are width and height (pixels); named ones win.
  const attribute = (name: string, position: number): string | undefined => {
    const entry = entries.find((e) => e.name === name) ?? (entries[position]?.name === undefined ? entries[position] : undefined);
    return entry && entry.value.end > entry.value.start ? entryValue(text, entry) : undefined;
  };
  const title = attribute('title', -1);
  return addContext(image, {
    link: linkTo(attribute('link', -1)),
    // A block image's title is its figure caption (`.Title` above it, or `title=`); an inline one's is the img title.
    caption: placement.block ? (title ?? placement.blockTitle) : undefined,
    title: placement.block ? undefined : title,
    size: sizeOf(cssPixels(attribute('width', 1)), cssPixels(attribute('height', 2))),
  });
}

function attributeEntries(text: string, start: number, end: number): Entry[] {
  const entries: Entry[] = [];
  let i = start;
  while (i <= end) {
    let entryStart = i;
    while (entryStart < end && (text[entryStart] === ' ' || text[entryStart] === '\t')) entryStart++;
    let j = entryStart;
    let name: string | undefined;
    const nameMatch = /^([\w-]+)[ \t]*=[ \t]*/.exec(text.slice(entryStart, end));
    if (nameMatch) {
      name = nameMatch[1];
      j += nameMatch[0].length;
    }
    const quote = text[j] === '"' || text[j] === "'" ? (text[j] as '"' | "'") : '';
    let value: OffsetRange;
    let entryEnd: number;
    if (quote) {
      let k = j + 1;
      while (k < end && !(text[k] === quote && text[k - 1] !== '\\')) k++;
      value = { start: j + 1, end: Math.min(k, end) };
      entryEnd = Math.min(k + 1, end);
      while (entryEnd < end && text[entryEnd] !== ',') entryEnd++;
    } else {
      let k = j;
      while (k < end && text[k] !== ',') k++;
      k = Math.min(k, end);
      let valueEnd = k;
      while (valueEnd > j && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
      value = { start: j, end: valueEnd };
      entryEnd = k;
    }
    let trimmedEnd = entryEnd;
    while (trimmedEnd > entryStart && (text[trimmedEnd - 1] === ' ' || text[trimmedEnd - 1] === '\t')) trimmedEnd--;
    entries.push({ range: { start: entryStart, end: trimmedEnd }, name, value, quote });
    i = entryEnd + 1;
  }
  return entries;
}

function entryValue(text: string, entry: Entry): string {
  const raw = text.slice(entry.value.start, entry.value.end).replace(/\\\]/g, ']');
  return entry.quote ? raw.split(`\\${entry.quote}`).join(entry.quote) : raw;
}
