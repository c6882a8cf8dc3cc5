import type { Html } from 'mdast';
import { parseFragment } from 'parse5';
import { collectHtmlImages } from './htmlImages';
import type { ScanOptions } from './scanOptions';
import type { ImageRef, ImageSyntax } from './types';
import { valueOffsetMapper } from './valueOffsets';

// `<image>` is parsed as `<img>` by HTML parsers, so both spellings start with this.
const MAY_HOLD_IMAGE = /<im/i;

/**
 * The `<img>` elements in one HTML node of a Markdown document. Inline HTML arrives tag by tag, so
 * an `<img ...>` tag is a node of its own; an HTML block arrives whole. Either way the node is
 * parsed as an HTML fragment, which also keeps comments and raw text elements (script, style) from
 * being mistaken for images.
 */
export function imagesInHtmlNode(node: Html, text: string, shift: number, syntax: ImageSyntax, options: ScanOptions): ImageRef[] {
  const position = node.position;
  if (!position || !MAY_HOLD_IMAGE.test(node.value)) return [];
  const start = position.start.offset! + shift;
  const end = position.end.offset! + shift;
  const toDocument = valueOffsetMapper(text, start, end, node.value);
  const fragment = parseFragment(node.value, { sourceCodeLocationInfo: true });
  return collectHtmlImages(fragment, { text, toDocument, syntax, options });
}
