import { addContext, collapseWhiteSpace } from './imageContext';
import { imagesInHtml } from './htmlInMarkdown';
import {
  identifierOf,
  markdownTokensOf,
  type DefinitionToken,
  type LinkFacts,
  type MarkdownText,
  type MarkdownTokens,
} from './markdownEventReader';
import { markdownImageRef, markerAfter } from './markdownImage';
import type { TokenizeOptions } from './markdownTokens';
import type { ScanBudget } from './scanBudget';
import type { ScanOptions } from './scanOptions';
import type { ImageContext, ImageRef, ImageSyntax } from './types';

export interface MarkdownSource extends MarkdownText {
  dialect: 'markdown' | 'mdx';
  /** How images found in raw HTML are labelled. */
  htmlSyntax: ImageSyntax;
}

/**
 * Finds the images of a Markdown document: micromark's events are read into the scanner's tokens
 * (markdownEventReader.ts), and the tokens become images here. Alt text is built the way
 * mdast-util-from-markdown builds an image's `alt` (the text of the label's content, markup left
 * out), so it equals what remark reports; tests hold the two together.
 */
export function scanMarkdownEvents(
  source: MarkdownSource,
  options: ScanOptions,
  tokenize?: TokenizeOptions,
  budget?: ScanBudget,
): ImageRef[] {
  return imagesOfTokens(markdownTokensOf(source, options, tokenize, budget), source, options);
}

/**
 * "Tokens -> images": references find their definitions (wherever in the document they are), raw
 * HTML goes to parse5, decorative markers join the images they follow, and where the page sketch says
 * an image is no real `<img>` (inside a `<textarea>`, a comment left open) it is dropped.
 */
export function imagesOfTokens({ tokens, page }: MarkdownTokens, source: MarkdownSource, options: ScanOptions): ImageRef[] {
  const { text } = source;
  const definitions = new Map<string, DefinitionToken>();
  const markers = new Map<number, number>();
  for (const token of tokens) {
    if (token.kind === 'definition') definitions.set(token.identifier, token);
    else if (token.kind === 'marker') markers.set(token.range.start, token.range.end);
  }
  const linkContext = (link: LinkFacts | undefined): ImageContext['link'] => {
    if (!link) return undefined;
    let href = link.href;
    if (link.reference || (href === null && link.kind === 'link' && !link.tag)) {
      const identifier = link.identifier ?? identifierOf(link.labelRaw ?? '');
      href = definitions.get(identifier)?.destination ?? '';
    }
    return { kind: link.kind, href, text: collapseWhiteSpace(link.text) };
  };

  const real = page?.imageOffsets();
  const images: ImageRef[] = [];
  // Raw HTML first and Markdown images after, as the scanner has always listed them before sorting.
  for (const token of tokens) {
    if (token.kind !== 'html') continue;
    const keep = real && ((offset: number) => real.has(token.sketchAt! + offset));
    const around = { link: linkContext(token.link), besideText: token.run?.hasText };
    for (const image of imagesInHtml(token.value, token.range.start, token.range.end, text, source.htmlSyntax, options, keep))
      images.push(addContext(image, { ...around, ...image.context }));
  }
  for (const token of tokens) {
    if (token.kind !== 'image' || (real && !real.has(token.sketchAt!))) continue;
    const reference = token.src === undefined ? (token.reference ?? 'shortcut') : undefined;
    const identifier = reference && (token.identifier ?? identifierOf(token.label?.raw ?? ''));
    const defined = identifier !== undefined ? definitions.get(identifier) : undefined;
    const image = markdownImageRef(
      {
        range: token.range,
        label: token.label,
        reference,
        src: identifier !== undefined ? (defined?.destination ?? '') : (token.src ?? ''),
        alt: token.alt,
        dialect: source.dialect,
        decorativeMarker: markerAfter(text, token.range.end, markers),
      },
      options,
    );
    images.push(
      addContext(image, {
        link: linkContext(token.link),
        title: identifier !== undefined ? defined?.title : token.title,
        besideText: token.run?.hasText,
      }),
    );
  }
  return images;
}
