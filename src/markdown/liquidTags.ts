import type { ImageRef } from './types';

// Liquid output and tags: `{{ site.baseurl }}`, `{% link a.png %}`, on one line.
const LIQUID = /\{\{[^{}\r\n]*\}\}|\{%[^{}\r\n]*%\}/g;
// A stand-in for a blank inside a Liquid tag that CommonMark takes as part of a destination.
const STAND_IN = '\u00a0';

/**
 * Jekyll fills in Liquid before it reads Markdown, so `![a]({{ site.baseurl }}/a.png)` is an image
 * on the page even though CommonMark would stop the destination at the first blank. The blanks
 * inside Liquid tags are replaced by a stand-in of the same length before scanning, so offsets stay
 * those of the document, and put back in what the scan reports.
 */
export function maskLiquidBlanks(text: string): string | undefined {
  if (!text.includes('{{') && !text.includes('{%')) return undefined;
  let changed = false;
  const masked = text.replace(LIQUID, (tag) => {
    if (!/[ \t]/.test(tag) || tag.includes(STAND_IN)) return tag;
    changed = true;
    return tag.replace(/[ \t]/g, STAND_IN);
  });
  return changed ? masked : undefined;
}

/** Puts the blanks back into the sources and alt texts of images scanned from masked text. */
export function unmaskLiquid(original: string, images: ImageRef[]): ImageRef[] {
  const restore = (value: string): string =>
    value.includes(STAND_IN) ? value.replace(LIQUID, (tag) => originalTag(tag, original)) : value;
  return images.map((image) => ({ ...image, src: restore(image.src), alt: image.alt === null ? null : restore(image.alt) }));
}

// A masked tag differs from the document's only where a blank was; the document says which blank.
function originalTag(masked: string, original: string): string {
  if (!masked.includes(STAND_IN)) return masked;
  const pattern = masked
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .split(STAND_IN)
    .join('[ \\t]');
  return new RegExp(pattern).exec(original)?.[0] ?? masked.split(STAND_IN).join(' ');
}
