import type { AltSite, ImageRef, OffsetRange } from './types';

// Python-Markdown blocks with indented Markdown bodies: admonitions (`!!! note "Title"`), details
// (`??? note`, `???+ note`) and content tabs (`=== "Tab"`, `===+`, `===!`).
const BLOCK_MARKER = /^( *)(?:!!!|\?\?\?\+?|===[+!]?)[ \t]+\S/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** One block's body: its lines with the block's indentation taken off, and where each came from. */
export interface IndentedBody {
  text: string;
  /** The document range from the body's first line to the end of its last. */
  range: OffsetRange;
  /** For each body line: where it starts in the body text and in the document. */
  lines: Array<{ bodyStart: number; documentStart: number }>;
}

/**
 * The bodies of the top-level Python-Markdown blocks of a document. CommonMark reads a body as
 * indented code (or as a paragraph's continuation); MkDocs reads it as Markdown. Blocks inside
 * bodies are found when the body itself is scanned.
 */
export function indentedBodies(text: string): IndentedBody[] {
  const lines = splitLines(text);
  const bodies: IndentedBody[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].content;
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[1])
        fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    const marker = BLOCK_MARKER.exec(line);
    if (!marker) continue;
    const indent = marker[1].length + 4;
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      const content = lines[j].content;
      if (content.trim() === '') continue;
      if (leadingSpaces(content) < indent) break;
      last = j;
    }
    if (last === i) continue;
    const body: IndentedBody = {
      text: '',
      range: { start: lines[i + 1].start, end: lines[last].start + lines[last].content.length },
      lines: [],
    };
    for (let j = i + 1; j <= last; j++) {
      const { start, content, ending } = lines[j];
      const cut = Math.min(indent, leadingSpaces(content));
      body.lines.push({ bodyStart: body.text.length, documentStart: start + cut });
      body.text += content.slice(cut) + (j < last ? ending : '');
    }
    bodies.push(body);
    i = last;
  }
  return bodies;
}

/** An image scanned in a body, with every offset moved to where it is in the document. */
export function moveToDocument(image: ImageRef, body: IndentedBody): ImageRef {
  const at = (offset: number): number => {
    let low = 0;
    let high = body.lines.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (body.lines[middle].bodyStart <= offset) low = middle;
      else high = middle - 1;
    }
    const line = body.lines[low];
    return line.documentStart + (offset - line.bodyStart);
  };
  const range = (r: OffsetRange): OffsetRange => ({ start: at(r.start), end: at(r.end) });
  return { ...image, range: range(image.range), altSite: image.altSite && moveSite(image.altSite, range, at) };
}

function moveSite(site: AltSite, range: (r: OffsetRange) => OffsetRange, at: (offset: number) => number): AltSite {
  switch (site.kind) {
    case 'markdown':
      return { ...site, label: range(site.label), ...(site.decorativeMarker ? { decorativeMarker: range(site.decorativeMarker) } : {}) };
    case 'attribute':
      return {
        ...site,
        attribute: site.attribute && range(site.attribute),
        value: site.value && { ...site.value, range: range(site.value.range) },
        insertAt: at(site.insertAt),
      };
    case 'directive':
      return {
        ...site,
        value: site.value && { ...site.value, range: range(site.value.range) },
        insert: { ...site.insert, at: at(site.insert.at) },
      };
  }
}

function leadingSpaces(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === ' ') n++;
    else if (c === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

function splitLines(text: string): Array<{ start: number; content: string; ending: string }> {
  const lines: Array<{ start: number; content: string; ending: string }> = [];
  const pattern = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    lines.push({ start: match.index, content: match[1], ending: match[2] });
    if (!match[2]) break;
  }
  return lines;
}
