import { micromark } from 'micromark';
import { frontmatter, frontmatterHtml } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { gfmAutolinkLiteralHtml } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnoteHtml } from 'micromark-extension-gfm-footnote';
import { gfmStrikethroughHtml } from 'micromark-extension-gfm-strikethrough';
import { gfmTableHtml } from 'micromark-extension-gfm-table';
import { gfmTaskListItemHtml } from 'micromark-extension-gfm-task-list-item';
import { normalizeUri } from 'micromark-util-sanitize-uri';
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';

export interface RenderedImage {
  src: string;
  alt: string | null;
}

/**
 * The images a browser would see once the Markdown is rendered: micromark (the CommonMark + GFM
 * reference parser in JavaScript) turns the document into HTML, and an HTML parser reads the `<img>`
 * elements back. This is what the Markdown means, independent of how the scanner gets there.
 */
export function renderedImages(markdown: string): RenderedImage[] {
  const html = renderMarkdown(markdown);
  const images: RenderedImage[] = [];
  const visit = (node: DefaultTreeAdapterTypes.ParentNode): void => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      if (child.tagName === 'img' && child.namespaceURI === 'http://www.w3.org/1999/xhtml') {
        const attribute = (name: string) => child.attrs.find((a) => a.name === name)?.value;
        images.push({ src: attribute('src') ?? '', alt: attribute('alt') ?? null });
      }
      visit(child);
      if ('content' in child && child.content) visit(child.content);
    }
  };
  visit(parse(html));
  return images;
}

/** How a Markdown source comes out in rendered HTML (percent-encoded), to compare with a rendered src. */
export function renderedSrc(src: string): string {
  return normalizeUri(src);
}

/** Sorts images into a canonical order; footnotes move images to the end of the rendered page. */
export function sortImages<T extends RenderedImage>(images: T[]): RenderedImage[] {
  return images
    .map(({ src, alt }) => ({ src, alt }))
    .sort((a, b) =>
      a.src + '\u0000' + a.alt < b.src + '\u0000' + b.alt ? -1 : a.src + '\u0000' + a.alt > b.src + '\u0000' + b.alt ? 1 : 0,
    );
}

/** The HTML micromark (CommonMark + GFM, front matter) renders a Markdown document to. */
export function renderMarkdown(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm(), frontmatter(['yaml', 'toml'])],
    // GFM's tag filter is left out: it defuses <script> and friends for one website's safety, so
    // what it prints is not what the document says.
    htmlExtensions: [
      gfmAutolinkLiteralHtml(),
      gfmFootnoteHtml(),
      gfmStrikethroughHtml(),
      gfmTableHtml(),
      gfmTaskListItemHtml(),
      frontmatterHtml(['yaml', 'toml']),
    ],
  });
}
