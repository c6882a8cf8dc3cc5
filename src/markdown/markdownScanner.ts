import { decodeString } from 'micromark-util-decode-string';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { parseFragment } from 'parse5';
import { isHtmlDecorativeMarker } from './decorativeMarker';
import { HtmlContext, needsHtmlContext } from './htmlContext';
import { pandocAttributeBlock } from './directives/pandocAttributes';
import { imagesInHtml } from './htmlInMarkdown';
import { addContext, collapseWhiteSpace, contextOf } from './imageContext';
import { markdownImageRef, markerAfter, type MarkdownImageFacts } from './markdownImage';
import { markdownEventPieces, type TokenizeOptions } from './markdownTokens';
import type { ScanBudget } from './scanBudget';
import type { ScanOptions } from './scanOptions';
import type { ImageContext, ImageRef, ImageSyntax } from './types';

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
  link?: OpenLink;
  labelOpen: boolean;
}

/** A Markdown link, or a raw HTML `<a>` or `<button>` tag, that images may sit in. */
interface OpenLink {
  kind: 'link' | 'button';
  /** The destination as written; for references, found through `identifier` after the walk. */
  href: string | null;
  reference?: 'full' | 'collapsed' | 'shortcut';
  identifier?: string;
  labelRaw?: string;
  /** The visible text inside it, images left out. */
  text: string;
  /** Raw HTML tags close by name. */
  tag?: string;
}

/** A paragraph, heading or table cell: the inline run an image shares with text, or not. */
interface InlineRun {
  hasText: boolean;
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
  title?: string;
  link?: OpenLink;
  run?: InlineRun;
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
  const definitions = new Map<string, Definition>();
  const markers = new Map<number, number>();
  const images: ImageRef[] = [];
  let definition: Definition | undefined;
  let definitionId: string | undefined;
  let html: OpenHtml | undefined;
  // Inside a destination, title, reference or footnote call, text is not alt text.
  let notAltText = 0;
  let afterHardBreak = false;
  // Raw HTML that can change the meaning of what follows it is read as part of the whole page.
  const page = needsHtmlContext(parsed) ? new HtmlContext() : undefined;
  const htmlPieces: HtmlPiece[] = [];
  let openImages = 0;
  // Image labels open around the walk: text there is alt text, not text a reader sees beside the image.
  let openImageLabels = 0;
  // Links (Markdown, and raw `<a>`/`<button>` tags of the current inline run) whose content the walk is in.
  const links: OpenLink[] = [];
  let run: InlineRun | undefined;

  const topImage = (): OpenImage | undefined => owners[owners.length - 1]?.image;
  const topLink = (): OpenLink | undefined => owners[owners.length - 1]?.link;
  // Text inside an image's label belongs to its alt, and to the alt of every image around it.
  const addAltText = (fragment: string): void => {
    if (notAltText > 0) return;
    for (let k = owners.length - 1; k >= 0 && owners[k].labelOpen; k--) {
      const image = owners[k].image;
      if (image) image.alt += fragment;
    }
  };
  // A Pandoc attribute block right after an image is the image's, not text (document offsets).
  const pandoc = options.pandocAttributes !== false && parsed.includes('){');
  let hiddenUntil = -1;
  // Text outside image labels is what the page shows: beside images, and inside links.
  const addVisibleText = (fragment: string, at: number): void => {
    if (notAltText > 0 || openImageLabels > 0 || at < hiddenUntil) return;
    for (const link of links) link.text += fragment;
    if (run && !run.hasText && /\S/.test(fragment)) run.hasText = true;
  };
  const addText = (fragment: string, at: number): void => {
    if (owners.length) addAltText(fragment);
    if (run) addVisibleText(fragment, at);
  };
  const removeLink = (link: OpenLink): void => {
    const at = links.lastIndexOf(link);
    if (at >= 0) links.splice(at, 1);
  };

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
        case 'paragraph':
        case 'atxHeadingText':
        case 'setextHeadingText':
        case 'tableContent':
          run = enter ? { hasText: false } : undefined;
          // Raw tags left open end with their run: the next paragraph is not inside them.
          if (!enter) for (let k = links.length - 1; k >= 0; k--) if (links[k].tag) links.splice(k, 1);
          break;
        case 'image':
          if (enter) {
            const nested = openImages++ > 0;
            owners.push({
              image: {
                start: base + token.start.offset,
                alt: '',
                nested,
                sketchAt: nested ? undefined : page?.image(),
                link: links[links.length - 1],
                run,
              },
              labelOpen: false,
            });
          } else {
            openImages--;
            const { image } = owners.pop()!;
            if (image && !image.nested) {
              found.push({ image, end: base + token.end.offset });
              const block = pandoc && image.src !== undefined ? pandocAttributeBlock(text, base + token.end.offset + shift) : undefined;
              if (block) hiddenUntil = block.close + 1;
            }
          }
          break;
        case 'link':
          if (enter) owners.push({ link: { kind: 'link', href: null, text: '' }, labelOpen: false });
          else {
            const { link } = owners.pop()!;
            if (link) removeLink(link);
          }
          break;
        case 'label': {
          const owner = owners[owners.length - 1];
          if (!owner) break;
          owner.labelOpen = enter;
          if (owner.image) openImageLabels += enter ? 1 : -1;
          // A link's content is its label; what follows it (destination, reference) is not.
          else if (owner.link && openImageLabels === 0) {
            if (enter) links.push(owner.link);
            else removeLink(owner.link);
          }
          break;
        }
        case 'labelText': {
          const owner = owners[owners.length - 1];
          const image = owner?.image;
          if (enter && image && !image.label)
            image.label = { start: base + token.start.offset, end: base + token.end.offset, raw: context.sliceSerialize(token) };
          else if (enter && owner?.link && owner.link.labelRaw === undefined) owner.link.labelRaw = context.sliceSerialize(token);
          break;
        }
        case 'resource': {
          notAltText += enter ? 1 : -1;
          // An inline image has a source even when its destination is empty: `![a]()`, `![a](<>)`.
          const image = topImage();
          if (enter && image) image.src = '';
          const link = topLink();
          if (enter && link) link.href = '';
          break;
        }
        case 'gfmFootnoteCall':
          notAltText += enter ? 1 : -1;
          // The call shows as a number beside the text around it.
          if (enter && run && openImageLabels === 0) run.hasText = true;
          break;
        case 'reference': {
          notAltText += enter ? 1 : -1;
          const image = topImage();
          if (enter && image) image.reference = 'collapsed';
          const link = topLink();
          if (enter && link) link.reference = 'collapsed';
          break;
        }
        case 'referenceString': {
          const owner = owners[owners.length - 1];
          const target = enter ? (owner?.image ?? owner?.link) : undefined;
          if (target) {
            target.reference = 'full';
            target.identifier = identifierOf(context.sliceSerialize(token));
          }
          break;
        }
        case 'resourceDestinationString': {
          if (!enter) break;
          const image = topImage();
          if (image) image.src = decodeString(context.sliceSerialize(token));
          const link = topLink();
          if (link) link.href = decodeString(context.sliceSerialize(token));
          break;
        }
        case 'resourceTitleString': {
          const image = topImage();
          if (enter && image) image.title = decodeString(context.sliceSerialize(token));
          break;
        }
        case 'definitionLabelString':
          if (enter) {
            definitionId = identifierOf(context.sliceSerialize(token));
            // The first definition of a label wins.
            definition = definitions.has(definitionId) ? undefined : { destination: '' };
          }
          break;
        case 'definitionDestinationString':
          if (enter && definition && definitionId !== undefined) {
            definition.destination = decodeString(context.sliceSerialize(token));
            definitions.set(definitionId, definition);
          }
          break;
        case 'definitionTitleString':
          if (enter && definition) definition.title = decodeString(context.sliceSerialize(token));
          break;
        case 'definition':
          if (!enter) {
            // `[a]: <>` defines an empty destination.
            if (definition && definitionId !== undefined && !definitions.has(definitionId)) definitions.set(definitionId, definition);
            definition = undefined;
            definitionId = undefined;
          }
          break;
        case 'data':
        case 'characterEscapeValue':
        case 'codeTextData':
        case 'autolinkProtocol':
        case 'autolinkEmail':
        case 'literalAutolinkWww':
        case 'literalAutolinkHttp':
        case 'literalAutolinkEmail':
          if (enter && (owners.length || run)) addText(context.sliceSerialize(token), base + token.start.offset + shift);
          break;
        case 'characterReference':
          if (enter && (owners.length || run)) addText(decodeString(context.sliceSerialize(token)), base + token.start.offset + shift);
          break;
        case 'hardBreakEscape':
        case 'hardBreakTrailing':
          if (!enter) {
            afterHardBreak = true;
            if (run) addVisibleText(' ', base + token.start.offset + shift);
          }
          break;
        case 'lineEnding':
          if (enter) {
            if (html) html.value += context.sliceSerialize(token);
            else if (afterHardBreak) afterHardBreak = false;
            else if (owners.length || run) addText(context.sliceSerialize(token), base + token.start.offset + shift);
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
            if (html.inline && openImageLabels > 0) addAltText(html.value);
            else {
              htmlPieces.push({ value: html.value, start, end, sketchAt: page?.raw(html.value), link: links[links.length - 1], run });
              if (html.inline && run) rawLinkTag(html.value, links);
            }
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

  const linkContext = (link: OpenLink | undefined): ImageContext['link'] => {
    if (!link) return undefined;
    let href = link.href;
    if (link.reference || (href === null && link.kind === 'link' && !link.tag)) {
      const identifier = link.identifier ?? identifierOf(link.labelRaw ?? '');
      href = definitions.get(identifier)?.destination ?? '';
    }
    return { kind: link.kind, href, text: collapseWhiteSpace(link.text) };
  };
  const real = page?.imageOffsets();
  for (const piece of htmlPieces) {
    const keep = real && ((offset: number) => real.has(piece.sketchAt! + offset));
    const around = { link: linkContext(piece.link), besideText: piece.run?.hasText };
    for (const image of imagesInHtml(piece.value, piece.start, piece.end, text, source.htmlSyntax, options, keep))
      images.push(addContext(image, { ...around, ...image.context }));
  }
  for (const { image, end } of found) {
    if (real && !real.has(image.sketchAt!)) continue;
    const label = image.label && { start: image.label.start + shift, end: image.label.end + shift, raw: image.label.raw };
    const range = { start: image.start + shift, end: end + shift };
    const reference = image.src === undefined ? (image.reference ?? 'shortcut') : undefined;
    const identifier = reference && (image.identifier ?? identifierOf(image.label?.raw ?? ''));
    const defined = identifier !== undefined ? definitions.get(identifier) : undefined;
    const facts: MarkdownImageFacts = {
      range,
      label,
      reference,
      src: identifier !== undefined ? (defined?.destination ?? '') : (image.src ?? ''),
      alt: image.alt,
      dialect: source.dialect,
      decorativeMarker: markerAfter(text, range.end, markers),
    };
    const ref = markdownImageRef(facts, options);
    const context = contextOf({
      link: linkContext(image.link),
      title: identifier !== undefined ? defined?.title : image.title,
      besideText: image.run?.hasText,
    });
    if (context) ref.context = context;
    images.push(ref);
  }
  return images;
}

interface Definition {
  destination: string;
  title?: string;
}

/** Raw HTML kept for parse5, with what the Markdown around it says of the images in it. */
interface HtmlPiece {
  value: string;
  start: number;
  end: number;
  sketchAt?: number;
  link?: OpenLink;
  run?: InlineRun;
}

const RAW_LINK_TAG = /^<(\/?)(a|button)(?=[\s/>])/i;

/**
 * Inline raw HTML arrives one tag at a time: an `<a href>` or `<button>` start tag opens a link
 * for the images and text that follow it in the run, its end tag closes the innermost one. An `<a>`
 * without `href` is no link (HTML's placeholder anchor). A trailing `/` does not close either: HTML
 * ignores it on elements that are not void.
 */
function rawLinkTag(tag: string, links: OpenLink[]): void {
  const match = RAW_LINK_TAG.exec(tag);
  if (!match) return;
  const name = match[2].toLowerCase();
  if (match[1]) {
    for (let k = links.length - 1; k >= 0; k--) {
      if (links[k].tag === name) {
        links.splice(k, 1);
        return;
      }
    }
    return;
  }
  const element = parseFragment(tag).childNodes[0];
  if (!element || !('attrs' in element)) return;
  const href = element.attrs.find((attribute) => attribute.name === 'href')?.value;
  if (name === 'a' && href === undefined) return;
  links.push({ kind: name === 'a' ? 'link' : 'button', href: name === 'a' ? (href ?? null) : null, text: '', tag: name });
}

// How CommonMark matches a reference to its definition: case-folded, whitespace collapsed.
function identifierOf(label: string): string {
  return normalizeIdentifier(label).toLowerCase();
}
