import { strict as assert } from 'node:assert';
import { scanDocument, type DocumentKind, type ImageRef, type ScanOptions } from '../../../../src/markdown';
import { renderedImages, renderedSrc, sortImages } from './renderedImages';

/** What a test states about one image: any field left out is not checked. */
export interface Expected {
  /** The document text the image's range covers. */
  text?: string;
  syntax?: ImageRef['syntax'];
  src?: string;
  alt?: string | null;
  altState?: ImageRef['altState'];
}

export function scan(text: string, kind: DocumentKind, options?: ScanOptions): ImageRef[] {
  return scanDocument(text, kind, options);
}

/** Checks the scan of `text` against `expected`, image by image, in document order. */
export function expectImages(text: string, kind: DocumentKind, expected: Expected[], options?: ScanOptions): ImageRef[] {
  const images = scan(text, kind, options);
  const actual = images.map((image, i) => pick(image, text, expected[i] ?? {}));
  assert.deepEqual(actual, expected);
  return images;
}

function pick(image: ImageRef, text: string, fields: Expected): Expected {
  const all: Expected = {
    text: text.slice(image.range.start, image.range.end),
    syntax: image.syntax,
    src: image.src,
    alt: image.alt,
    altState: image.altState,
  };
  return Object.fromEntries(Object.keys(fields).map((k) => [k, all[k as keyof Expected]])) as Expected;
}

/**
 * Checks that the scan agrees with the rendered document: the same images, with the same source
 * and alt, as a CommonMark renderer produces (images written as raw HTML pass through as written).
 */
export function expectSameAsRendered(markdown: string, images = scan(markdown, 'markdown')): void {
  const ours = images.map((image) => ({
    src: image.syntax === 'markdown-html' ? image.src : renderedSrc(image.src),
    alt: image.alt,
  }));
  assert.deepEqual(sortImages(ours), sortImages(renderedImages(markdown)));
}
