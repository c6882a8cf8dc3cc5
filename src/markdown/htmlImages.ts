import type { DefaultTreeAdapterTypes } from 'parse5';
import { judgeAlt } from './altState';
import { attributeValueSpan, tagNameEnd } from './attributeSource';
import type { ScanOptions } from './scanOptions';
import type { AttributeAltSite, ImageRef, ImageSyntax, OffsetRange } from './types';

type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type Element = DefaultTreeAdapterTypes.Element;

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** How offsets in the string parse5 saw map to offsets in the document. */
export interface HtmlSource {
  /** The whole document text. */
  text: string;
  /** Maps an offset in the parsed string to an offset in `text`. */
  toDocument(offset: number): number;
  syntax: ImageSyntax;
  options: ScanOptions;
}

/** Every `<img>` (HTML namespace, template contents included) under `root`, in document order. */
export function collectHtmlImages(root: ParentNode, source: HtmlSource): ImageRef[] {
  const images: ImageRef[] = [];
  const visit = (node: ParentNode, picture: Element | undefined): void => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      const inHtml = child.namespaceURI === HTML_NAMESPACE;
      if (inHtml && child.tagName === 'img') {
        const image = htmlImageRef(child, picture, source);
        if (image) images.push(image);
      }
      visit(child, inHtml && child.tagName === 'picture' ? child : picture);
      if ('content' in child && child.content) visit(child.content, undefined);
    }
  };
  visit(root, undefined);
  return images;
}

function htmlImageRef(img: Element, picture: Element | undefined, source: HtmlSource): ImageRef | undefined {
  const location = img.sourceCodeLocation?.startTag ?? img.sourceCodeLocation;
  if (!location) return undefined;
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
    insertAt: insertionPoint(source, range, locations),
  };
  return { range, syntax: source.syntax, src, alt, ...judged, altSite };
}

/** ARIA's ways of hiding an image from assistive technology: the first role token, or aria-hidden. */
export function isAriaDecorative(role: string | undefined, ariaHidden: string | undefined): boolean {
  const firstRole = role?.trim().split(/\s+/)[0]?.toLowerCase();
  return firstRole === 'presentation' || firstRole === 'none' || ariaHidden?.trim().toLowerCase() === 'true';
}

// A new alt goes right after src, where readers look for it; otherwise after the last attribute.
function insertionPoint(source: HtmlSource, tag: OffsetRange, locations: Record<string, { endOffset: number }>): number {
  if (locations.src) return source.toDocument(locations.src.endOffset);
  const ends = Object.values(locations).map((l) => l.endOffset);
  return ends.length ? source.toDocument(Math.max(...ends)) : tagNameEnd(source.text, tag.start);
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
