import { judgeAlt } from '../altState';
import type { ScanOptions } from '../scanOptions';
import { addContext, collapseWhiteSpace, cssPixels, linkTo, sizeOf } from '../imageContext';
import type { DirectiveAltSite, ImageRef, OffsetRange } from '../types';

// `:::{figure} a.png` (MyST's colon fence) at the start of a line, with at most blanks before it.
const COLON_OPENING = /^([ \t]*)(:{3,})\{(image|figure)\}[ \t]*([^\r\n]*)/gm;
const BACKTICK_OPENING = /^([ \t]*)(`{3,}|~{3,})\{(image|figure)\}[ \t]*([^\r\n]*)/;
const OPTION = /^[ \t]*:([\w-]+):(?:[ \t]+([^\r\n]*?))?[ \t]*$/;
const COLON_CLOSER = /^[ \t]*(:{3,})[ \t]*$/gm;

/** A line of colons alone, which closes a colon fence opened with as many colons or fewer. */
interface Closer {
  start: number;
  end: number;
  colons: number;
}

// Found once per document, so that many fences that are never closed cost one pass, not one each.
function colonClosers(text: string): Closer[] {
  return [...text.matchAll(COLON_CLOSER)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, colons: m[1].length }));
}

/**
 * MyST image and figure directives, in colon fences (`:::{figure} a.png`) and backtick fences
 * (```` ```{image} a.png ````), with their options as a field list: `:alt: …`. The argument is the
 * source. Without `:alt:`, docutils writes the source itself as the alt.
 */
export function mystImages(
  text: string,
  options: ScanOptions,
  skip: (offset: number) => boolean,
  backtickFences: ReadonlyArray<{ range: OffsetRange }>,
): ImageRef[] {
  const images: ImageRef[] = [];
  let closers: Closer[] | undefined;
  for (const match of text.matchAll(COLON_OPENING)) {
    const start = match.index!;
    if (skip(start + match[1].length)) continue;
    closers ??= colonClosers(text);
    images.push(
      directive(
        text,
        start + match[1].length,
        start + match[0].length,
        match[1],
        match[4],
        match[3],
        { closers, colons: match[2].length },
        undefined,
        options,
      ),
    );
  }
  for (const fence of backtickFences) {
    const match = BACKTICK_OPENING.exec(text.slice(fence.range.start, lineEnd(text, fence.range.start)));
    if (!match) continue;
    images.push(
      directive(
        text,
        fence.range.start + match[1].length,
        fence.range.start + match[0].length,
        match[1],
        match[4],
        match[3],
        undefined,
        fence.range.end,
        options,
      ),
    );
  }
  return images;
}

function directive(
  text: string,
  start: number,
  openingEnd: number,
  indent: string,
  argument: string,
  kind: string,
  closing: { closers: Closer[]; colons: number } | undefined,
  knownEnd: number | undefined,
  options: ScanOptions,
): ImageRef {
  const argumentText = argument.trim();
  const openingLineEnd = lineEnd(text, openingEnd);
  let alt: string | null = null;
  let altValue: OffsetRange | undefined;
  const settings = new Map<string, string>();
  let end = knownEnd ?? openingLineEnd;
  // Options follow the opening line directly, one per line.
  let at = nextLine(text, openingLineEnd);
  while (at !== undefined && (knownEnd === undefined || at < knownEnd)) {
    const line = text.slice(at, lineEnd(text, at));
    const option = OPTION.exec(line);
    if (!option) break;
    if (!settings.has(option[1])) settings.set(option[1], option[2] ?? '');
    if (option[1] === 'alt' && alt === null) {
      const value = option[2] ?? '';
      const valueStart = value ? at + line.indexOf(value, line.indexOf(':alt:') + 5) : at + line.indexOf(':alt:') + 5;
      alt = value;
      altValue = { start: valueStart, end: valueStart + value.length };
    }
    if (knownEnd === undefined) end = at + line.length;
    at = nextLine(text, at + line.length);
  }
  const bodyStart = at;
  if (closing && at !== undefined) {
    // The body (a figure's caption) runs to a closing fence of at least as many colons.
    const { closers, colons } = closing;
    let low = 0;
    let high = closers.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (closers[middle].start < at) low = middle + 1;
      else high = middle;
    }
    const closer = closers.slice(low).find((c) => c.colons >= colons);
    if (closer) end = closer.end;
  }
  const eol = /\r\n?|\n/.exec(text.slice(openingLineEnd, openingLineEnd + 2))?.[0] ?? '\n';
  const site: DirectiveAltSite = {
    kind: 'directive',
    dialect: 'myst',
    opening: text.slice(start, start + 3),
    value: altValue && { range: altValue, quote: '' },
    insert: { at: openingLineEnd, before: `${eol}${indent}:alt: `, after: '' },
  };
  const judged = judgeAlt({
    alt,
    src: argumentText,
    declaredDecorative: false,
    emptyMeans: 'empty',
    extraPlaceholders: options.extraPlaceholders,
  });
  const image: ImageRef = { range: { start, end }, syntax: 'myst', src: argumentText, alt, ...judged, altSite: site };
  return addContext(image, {
    // `:target:` with nothing after it links nowhere.
    link: linkTo(settings.get('target') || undefined),
    caption: kind === 'figure' && bodyStart !== undefined && bodyStart < end ? figureCaption(text, bodyStart, end) : undefined,
    size: sizeOf(cssPixels(settings.get('width')), cssPixels(settings.get('height'))),
  });
}

/**
 * A MyST figure's caption: the first paragraph of its body (later paragraphs are the legend), up to
 * the closing fence, white space collapsed.
 */
function figureCaption(text: string, bodyStart: number, end: number): string | undefined {
  const lines = text.slice(bodyStart, end).split(/\r\n?|\n/);
  // The body ends at the closing fence line (the last line of the range).
  if (/^[ \t]*(?::{3,}|`{3,}|~{3,})[ \t]*$/.test(lines[lines.length - 1])) lines.pop();
  const paragraph: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (paragraph.length) break;
      continue;
    }
    paragraph.push(line);
  }
  return paragraph.length ? collapseWhiteSpace(paragraph.join(' ')) : undefined;
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function nextLine(text: string, end: number): number | undefined {
  if (end >= text.length) return undefined;
  return text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
}
