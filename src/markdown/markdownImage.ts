import { judgeAlt } from './altState';
import type { ScanOptions } from './scanOptions';
import type { ImageRef, MarkdownAltSite, OffsetRange } from './types';

/** What a parser found out about one Markdown image, in document offsets. */
export interface MarkdownImageFacts {
  range: OffsetRange;
  /** The raw text between `![` and `]`, with the label as the parser serializes it. */
  label?: { start: number; end: number; raw: string };
  reference?: 'full' | 'collapsed' | 'shortcut';
  src: string;
  alt: string;
  dialect: 'markdown' | 'mdx';
  /** The decorative marker right after the image, if any. */
  decorativeMarker?: OffsetRange;
}

/** Turns what the parser found into an image reference with its judged alt and edit site. */
export function markdownImageRef(facts: MarkdownImageFacts, options: ScanOptions): ImageRef {
  const { range, label } = facts;
  const site: MarkdownAltSite = {
    kind: 'markdown',
    dialect: facts.dialect,
    // `![](x)` has no label text at all; its alt goes right after `![`.
    label: label ? { start: label.start, end: label.end } : { start: range.start + 2, end: range.start + 2 },
  };
  if (facts.reference) site.reference = { type: facts.reference, rawLabel: label?.raw ?? '' };
  if (facts.decorativeMarker) site.decorativeMarker = facts.decorativeMarker;
  const judged = judgeAlt({
    alt: facts.alt,
    src: facts.src,
    declaredDecorative: facts.decorativeMarker !== undefined,
    emptyMeans: options.emptyMarkdownAlt === 'decorative' ? 'decorative' : 'missing',
    extraPlaceholders: options.extraPlaceholders,
  });
  return {
    range,
    syntax: facts.reference ? 'markdown-reference' : 'markdown-inline',
    src: facts.src,
    alt: facts.alt,
    ...judged,
    altSite: site,
  };
}

/** The decorative marker counts when it follows the image on its line, with at most blanks between. */
export function markerAfter(text: string, imageEnd: number, markers: ReadonlyMap<number, number>): OffsetRange | undefined {
  let i = imageEnd;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const end = markers.get(i);
  return end === undefined ? undefined : { start: i, end };
}
