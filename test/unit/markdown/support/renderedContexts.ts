import { scanDocument, type ImageContext } from '../../../../src/markdown';
import { renderMarkdown } from './renderedImages';

/** One image of a rendered page with what surrounds it there. */
export interface ContextOfImage {
  src: string;
  alt: string | null;
  context: ImageContext | undefined;
}

/**
 * The context of every image on the page a Markdown document renders to: micromark writes the HTML,
 * and the scanner's HTML reading (parse5, then the `<img>` elements' ancestors) says what each image
 * sits in. This is what the Markdown means, reached without the scanner's Markdown walk.
 */
export function renderedContexts(markdown: string): ContextOfImage[] {
  const html = renderMarkdown(markdown);
  return scanDocument(html, 'html').map((image) => ({ src: image.src, alt: image.alt, context: image.context }));
}
