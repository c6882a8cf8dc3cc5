import { html, type DefaultTreeAdapterTypes } from 'parse5';
import { judgeAlt } from './altState';
import { attributeValueSpan, tagNameEnd } from './attributeSource';
import { HtmlImageContext } from './htmlImageContext';
import type { ScanOptions } from './scanOptions';
import type { AttributeAltSite, ImageRef, ImageSyntax, OffsetRange } from './types';

type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type Element = DefaultTreeAdapterTypes.Element;

/** How offsets in the string parse5 saw map to offsets in the document. */
export interface HtmlSource {
  /** The whole document text. */
  text: string;
  /** Maps an offset in the parsed string to an offset in `text`. */
  toDocument(offset: number): number;
  syntax: ImageSyntax;
  options: ScanOptions;
  /** Whether the `<img>` at this offset of the parsed string is a real image where it stands (all are, by default). */
  keep?(offset: number): boolean;
}

/**
 * Every `<img>` (HTML namespace, template contents included) under `root`, in document order.
 * The walk keeps its own stack: a page of thousands of nested elements must not overflow the call stack.
 */
export function collectHtmlImages(root: ParentNode, source: HtmlSource): ImageRef[] {
  const images: ImageRef[] = [];
  const context = new HtmlImageContext();
  const stack: Array<{ node: ParentNode; picture: Element | undefined }> = [{ node: root, picture: undefined }];
  while (stack.length) {
    const { node, picture } = stack.pop()!;
    // Pushed in reverse, so that children come off the stack in document order.
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      const child = node.childNodes[i];
      if (!('tagName' in child)) continue;
      const inHtml = child.namespaceURI === html.NS.HTML;
      if ('content' in child && child.content) stack.push({ node: child.content, picture: undefined });
      stack.push({ node: child, picture: inHtml && child.tagName === 'picture' ? child : picture });
    }
    if ('tagName' in node && node.namespaceURI === html.NS.HTML && node.tagName === 'img') {
      const image = htmlImageRef(node, picture, source, context);
      if (image) images.push(image);
    }
  }
  return images;
}

function htmlImageRef(
  img: Element,
  picture: Element | undefined,
  source: HtmlSource,
  surroundings: HtmlImageContext,
): ImageRef | undefined {
  const location = img.sourceCodeLocation?.startTag ?? img.sourceCodeLocation;
  if (!location || (source.keep && !source.keep(location.startOffset))) return undefined;
  const attributes = new Map(img.attrs.map((a) => [a.name, a.value]));
  const src = attributes.get('src') ?? firstSrcsetUrl(attributes.get('srcset')) ?? pictureFallbackSrc(picture) ?? '';
  const alt = attributes.get('alt') ?? null;
  const range = mapRange(source, location.startOffset, location.endOffset);
  const judged = judgeAlt({
    alt,
    src,
    declaredDecorative: isAriaDecorative(attributes.get('role'), attributes.get('aria-hidden')),
    emptyMeans: 'empty',
    extraPlaceholders: source.options.extraPlaceholders,
  });
  const locations = img.sourceCodeLocation?.attrs ?? {};
  const altLocation = locations.alt;
  const attribute = altLocation ? mapRange(source, altLocation.startOffset, altLocation.endOffset) : undefined;
  const altSite: AttributeAltSite = {
    kind: 'attribute',
    dialect: 'html',
    attribute,
    value: attribute ? attributeValueSpan(source.text, attribute, 'html') : undefined,
    ...insertionPoint(source, range, locations),
  };
  const image: ImageRef = { range, syntax: source.syntax, src, alt, ...judged, altSite };
  const context = surroundings.of(img, attributes);
  if (context) image.context = context;
  return image;
}

/** ARIA's ways of hiding an image from assistive technology: the first role token, or aria-hidden. */
export function isAriaDecorative(role: string | undefined, ariaHidden: string | undefined): boolean {
  const firstRole = role?.trim().split(/\s+/)[0]?.toLowerCase();
  return firstRole === 'presentation' || firstRole === 'none' || ariaHidden?.trim().toLowerCase() === 'true';
}

// A new alt goes right after src, where readers look for it; otherwise after the last attribute.
// After an unquoted value it goes before that attribute instead: HTML reads `<img src=a.png/>` as
// `src="a.png/"` while Markdown's raw HTML ends the value at the `/`, so text after the `/` would
// turn the tag into plain text in the rendered page.
function insertionPoint(
  source: HtmlSource,
  tag: OffsetRange,
  locations: Record<string, { startOffset: number; endOffset: number }>,
): Pick<AttributeAltSite, 'insertAt' | 'insertBefore'> {
  const after =
    locations.src ??
    Object.values(locations).reduce<{ startOffset: number; endOffset: number } | undefined>(
      (last, l) => (!last || l.endOffset > last.endOffset ? l : last),
      undefined,
    );
  if (!after) return { insertAt: tagNameEnd(source.text, tag.start) };
  const attribute = mapRange(source, after.startOffset, after.endOffset);
  if (attributeValueSpan(source.text, attribute, 'html')?.quote === '') return { insertAt: attribute.start, insertBefore: true };
  return { insertAt: attribute.end };
}

function mapRange(source: HtmlSource, start: number, end: number): OffsetRange {
  return { start: source.toDocument(start), end: source.toDocument(end) };
}

function firstSrcsetUrl(srcset: string | undefined): string | undefined {
  const url = srcset?.trim().split(/\s+/)[0]?.replace(/,$/, '');
  return url || undefined;
}

function pictureFallbackSrc(picture: Element | undefined): string | undefined {
  for (const child of picture?.childNodes ?? []) {
    if ('tagName' in child && child.tagName === 'source') {
      const url = firstSrcsetUrl(child.attrs.find((a) => a.name === 'srcset')?.value);
      if (url) return url;
    }
  }
  return undefined;
}
