import { micromark } from 'micromark';
import { frontmatter, frontmatterHtml } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { gfmAutolinkLiteralHtml } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnoteHtml } from 'micromark-extension-gfm-footnote';
import { gfmStrikethroughHtml } from 'micromark-extension-gfm-strikethrough';
import { gfmTableHtml } from 'micromark-extension-gfm-table';
import { gfmTaskListItemHtml } from 'micromark-extension-gfm-task-list-item';
import { scanDocument, type ImageContext } from '../../../../src/markdown';

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
  const html = micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm(), frontmatter(['yaml', 'toml'])],
    htmlExtensions: [
      gfmAutolinkLiteralHtml(),
      gfmFootnoteHtml(),
      gfmStrikethroughHtml(),
      gfmTableHtml(),
      gfmTaskListItemHtml(),
      frontmatterHtml(['yaml', 'toml']),
    ],
  });
  return scanDocument(html, 'html').map((image) => ({ src: image.src, alt: image.alt, context: image.context }));
}
