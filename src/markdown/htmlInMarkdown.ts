import { parseFragment } from 'parse5';
import { collectHtmlImages } from './htmlImages';
import type { ScanOptions } from './scanOptions';
import type { ImageRef, ImageSyntax } from './types';
import { valueOffsetMapper } from './valueOffsets';

// `<image>` is parsed as `<img>` by HTML parsers, so both spellings start with this.
const MAY_HOLD_IMAGE = /<im/i;

/**
 * The `<img>` elements in one piece of raw HTML in a Markdown document, given its value and where
 * it starts and ends in the document. Inline HTML arrives tag by tag, so
 * an `<img ...>` tag is a node of its own; an HTML block arrives whole. Either way the node is
 * parsed as an HTML fragment, which also keeps comments and raw text elements (script, style) from
 * being mistaken for images. What comes before the piece (an open `<textarea>`, `<svg>`, ...) is
 * the caller's to judge, through `keep`.
 */
export function imagesInHtml(
  value: string,
  start: number,
  end: number,
  text: string,
  syntax: ImageSyntax,
  options: ScanOptions,
  keep?: (offset: number) => boolean,
): ImageRef[] {
  if (!MAY_HOLD_IMAGE.test(value)) return [];
  const toDocument = valueOffsetMapper(text, start, end, value);
  const fragment = parseFragment(value, { sourceCodeLocationInfo: true });
  return collectHtmlImages(fragment, { text, toDocument, syntax, options, keep });
}
