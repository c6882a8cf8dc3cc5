import { decodeString } from 'micromark-util-decode-string';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { isHtmlDecorativeMarker } from './decorativeMarker';
import { HtmlContext, needsHtmlContext } from './htmlContext';
import { imagesInHtml } from './htmlInMarkdown';
import { markdownImageRef, markerAfter, type MarkdownImageFacts } from './markdownImage';
import { markdownEventPieces, type TokenizeOptions } from './markdownTokens';
import type { ScanBudget } from './scanBudget';
import type { ScanOptions } from './scanOptions';
import type { ImageRef, ImageSyntax } from './types';

export interface MarkdownSource {
  /** The whole document, BOM included if it has one. */
  text: string;
  /** How far the parsed text starts into `text` (1 after a BOM). */
  shift: number;
  dialect: 'markdown' | 'mdx';
  /** How images found in raw HTML are labelled. */
  htmlSyntax: ImageSyntax;
}

/** An image or link whose label the walk is inside of; images collect their alt text. */
interface Owner {
  image?: OpenImage;
  labelOpen: boolean;
}

interface OpenImage {
  start: number;
  label?: { start: number; end: number; raw: string };
  alt: string;
  src?: string;
  reference?: 'full' | 'collapsed' | 'shortcut';
  identifier?: string;
  /** Inside another image's label: part of that alt text, not an image of its own. */
  nested: boolean;
  /** Where the image is in the page sketch, when raw HTML has to be read in context. */
  sketchAt?: number;
}

/** Raw HTML being collected: its value leaves out what containers own on each line. */
interface OpenHtml {
  start: number;
  value: string;
  inline: boolean;
}

/**
 * Finds the images of a Markdown document by walking micromark's events. Alt text is built the way
 * mdast-util-from-markdown builds an image's `alt` (the text of the label's content, markup left
 * out), so it equals what remark reports; tests hold the two together.
 */
export function scanMarkdownEvents(
  source: MarkdownSource,
  options: ScanOptions,
  tokenize?: TokenizeOptions,
  budget?: ScanBudget,
): ImageRef[] {
  const { text, shift } = source;
  const parsed = shift ? text.slice(shift) : text;
  const pieces = markdownEventPieces(parsed, { ...tokenize, budget });

  const owners: Owner[] = [];
  const found: Array<{ image: OpenImage; end: number }> = [];
  const definitions = new Map<string, string>();
  const markers = new Map<number, number>();
  const images: ImageRef[] = [];
  let definitionId: string | undefined;
  let html: OpenHtml | undefined;
  // Inside a destination, title, reference or footnote call, text is not alt text.
  let notAltText = 0;
  let afterHardBreak = false;
  // Raw HTML that can change the meaning of what follows it is read as part of the whole page.
  const page = needsHtmlContext(parsed) ? new HtmlContext() : undefined;
  const htmlPieces: Array<{ value: string; start: number; end: number; sketchAt?: number }> = [];
  let openImages = 0;

  const topImage = (): OpenImage | undefined => owners[owners.length - 1]?.image;
  // Text inside an image's label belongs to its alt, and to the alt of every image around it.
  const addAltText = (fragment: string): void => {
    if (notAltText > 0) return;
    for (let k = owners.length - 1; k >= 0 && owners[k].labelOpen; k--) {
      const image = owners[k].image;
      if (image) image.alt += fragment;
    }
  };
  const inImageLabel = (): boolean => owners.some((owner) => owner.image && owner.labelOpen);

  for (const piece of pieces) {
    const base = piece.offset;
    const events = piece.events();
    for (let e = 0; e < events.length; e++) {
      const [kind, token, context] = events[e];
      if (budget && (e & 0xffff) === 0) budget.checkTime();
      const enter = kind === 'enter';
      // An image's label is its alt text, and raw HTML arrives whole at its end: neither is page markup.
      if (page && openImages === 0 && !html) page.event(kind, token.type);
      switch (token.type) {
        case 'image':
          if (enter) {
            const nested = openImages++ > 0;
            owners.push({
              image: { start: base + token.start.offset, alt: '', nested, sketchAt: nested ? undefined : page?.image() },
              labelOpen: false,
            });
          } else {
            openImages--;
            const { image } = owners.pop()!;
            if (image && !image.nested) found.push({ image, end: base + token.end.offset });
          }
          break;
        case 'link':
          if (enter) owners.push({ labelOpen: false });
          else owners.pop();
          break;
        case 'label':
          if (owners.length) owners[owners.length - 1].labelOpen = enter;
          break;
        case 'labelText': {
          const image = topImage();
          if (enter && image && !image.label)
            image.label = { start: base + token.start.offset, end: base + token.end.offset, raw: context.sliceSerialize(token) };
          break;
        }
        case 'resource': {
          notAltText += enter ? 1 : -1;
          // An inline image has a source even when its destination is empty: `![a]()`, `![a](<>)`.
          const image = topImage();
          if (enter && image) image.src = '';
          break;
        }
        case 'gfmFootnoteCall':
          notAltText += enter ? 1 : -1;
          break;
        case 'reference': {
          notAltText += enter ? 1 : -1;
          const image = topImage();
          if (enter && image) image.reference = 'collapsed';
          break;
        }
        case 'referenceString': {
          const image = topImage();
          if (enter && image) {
            image.reference = 'full';
            image.identifier = identifierOf(context.sliceSerialize(token));
          }
          break;
        }
        case 'resourceDestinationString': {
          const image = topImage();
          if (enter && image) image.src = decodeString(context.sliceSerialize(token));
          break;
        }
        case 'definitionLabelString':
          if (enter) definitionId = identifierOf(context.sliceSerialize(token));
          break;
        case 'definitionDestinationString':
          // The first definition of a label wins.
          if (enter && definitionId !== undefined && !definitions.has(definitionId))
            definitions.set(definitionId, decodeString(context.sliceSerialize(token)));
          break;
        case 'definition':
          if (!enter) definitionId = undefined;
          break;
        case 'data':
        case 'characterEscapeValue':
        case 'codeTextData':
        case 'autolinkProtocol':
        case 'autolinkEmail':
        case 'literalAutolinkWww':
        case 'literalAutolinkHttp':
        case 'literalAutolinkEmail':
          if (enter && owners.length) addAltText(context.sliceSerialize(token));
          break;
        case 'characterReference':
          if (enter && owners.length) addAltText(decodeString(context.sliceSerialize(token)));
          break;
        case 'hardBreakEscape':
        case 'hardBreakTrailing':
          if (!enter) afterHardBreak = true;
          break;
        case 'lineEnding':
          if (enter) {
            if (html) html.value += context.sliceSerialize(token);
            else if (afterHardBreak) afterHardBreak = false;
            else if (owners.length) addAltText(context.sliceSerialize(token));
          }
          break;
        case 'htmlFlow':
        case 'htmlText':
          if (enter) {
            html = { start: base + token.start.offset, value: '', inline: token.type === 'htmlText' };
          } else if (html) {
            const start = html.start + shift;
            const end = base + token.end.offset + shift;
            if (html.inline && isHtmlDecorativeMarker(html.value)) markers.set(start, end);
            // Raw HTML inside an image's label is part of its alt text, not an element of the page.
            if (html.inline && inImageLabel()) addAltText(html.value);
            else htmlPieces.push({ value: html.value, start, end, sketchAt: page?.raw(html.value) });
            html = undefined;
          }
          break;
        case 'htmlFlowData':
        case 'htmlTextData':
          if (enter && html) html.value += context.sliceSerialize(token);
          break;
      }
    }
  }

  const real = page?.imageOffsets();
  for (const piece of htmlPieces) {
    const keep = real && ((offset: number) => real.has(piece.sketchAt! + offset));
    images.push(...imagesInHtml(piece.value, piece.start, piece.end, text, source.htmlSyntax, options, keep));
  }
  for (const { image, end } of found) {
    if (real && !real.has(image.sketchAt!)) continue;
    const label = image.label && { start: image.label.start + shift, end: image.label.end + shift, raw: image.label.raw };
    const range = { start: image.start + shift, end: end + shift };
    const reference = image.src === undefined ? (image.reference ?? 'shortcut') : undefined;
    const identifier = reference && (image.identifier ?? identifierOf(image.label?.raw ?? ''));
    const facts: MarkdownImageFacts = {
      range,
      label,
      reference,
      src: identifier !== undefined ? (definitions.get(identifier) ?? '') : (image.src ?? ''),
      alt: image.alt,
      dialect: source.dialect,
      decorativeMarker: markerAfter(text, range.end, markers),
    };
    images.push(markdownImageRef(facts, options));
  }
  return images;
}

// How CommonMark matches a reference to its definition: case-folded, whitespace collapsed.
function identifierOf(label: string): string {
  return normalizeIdentifier(label).toLowerCase();
}
