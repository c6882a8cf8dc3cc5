import { decodeString } from 'micromark-util-decode-string';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Token, TokenizeContext } from 'micromark-util-types';
import { parseFragment } from 'parse5';
import { isHtmlDecorativeMarker } from './decorativeMarker';
import { pandocAttributeBlock } from './directives/pandocAttributes';
import { HtmlContext, needsHtmlContext } from './htmlContext';
import { extensionTypes, types } from './markdownTokenTypes';
import { markdownEventPieces, type TokenizeOptions } from './markdownTokens';
import type { ScanBudget } from './scanBudget';
import type { ScanOptions } from './scanOptions';
import type { OffsetRange } from './types';

/**
 * What the scanner needs of a Markdown document, read off micromark's events ("events -> tokens"):
 * images with their alt text as mdast-util-from-markdown builds it, raw HTML as parse5 will read it,
 * link definitions and decorative markers. All offsets are document offsets (after a BOM, 1 more).
 */
export type MarkdownToken = ImageToken | HtmlToken | DefinitionToken | MarkerToken;

export interface ImageToken {
  kind: 'image';
  range: OffsetRange;
  /** The raw text between `![` and `]`, with the label as micromark serializes it. */
  label?: OffsetRange & { raw: string };
  alt: string;
  /** Set for inline images (empty for `![a]()`); absent for references. */
  src?: string;
  reference?: 'full' | 'collapsed' | 'shortcut';
  identifier?: string;
  title?: string;
  /** The innermost link around the image; complete once the walk is over. */
  link?: LinkFacts;
  /** The paragraph, heading or table cell holding it; complete once the walk is over. */
  run?: InlineRun;
  /** Where the image is in the page sketch, when raw HTML has to be read in context. */
  sketchAt?: number;
}

/** Raw HTML for parse5: its value leaves out what containers own on each line. */
export interface HtmlToken {
  kind: 'html';
  value: string;
  range: OffsetRange;
  sketchAt?: number;
  link?: LinkFacts;
  run?: InlineRun;
}

export interface DefinitionToken {
  kind: 'definition';
  identifier: string;
  destination: string;
  title?: string;
}

/** `<!-- alt-text: decorative -->` as a real inline comment. */
export interface MarkerToken {
  kind: 'marker';
  range: OffsetRange;
}

/** A Markdown link, or a raw HTML `<a href>` or `<button>` tag, that images may sit in. */
export interface LinkFacts {
  kind: 'link' | 'button';
  /** The destination as written; for references, found through `identifier` once definitions are known. */
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
export interface InlineRun {
  hasText: boolean;
}

export interface MarkdownTokens {
  tokens: MarkdownToken[];
  /** The page sketch, when the document's raw HTML has to be read in context (see HtmlContext). */
  page?: HtmlContext;
}

export interface MarkdownText {
  /** The whole document, BOM included if it has one. */
  text: string;
  /** How far the parsed text starts into `text` (1 after a BOM). */
  shift: number;
}

/** Tokenizes a Markdown document with micromark and reads the scanner's tokens off its events. */
export function markdownTokensOf(
  source: MarkdownText,
  options: ScanOptions,
  tokenize?: TokenizeOptions,
  budget?: ScanBudget,
): MarkdownTokens {
  const parsed = source.shift ? source.text.slice(source.shift) : source.text;
  const reader = new EventReader(source, parsed, options);
  for (const piece of markdownEventPieces(parsed, { ...tokenize, budget })) {
    const base = piece.offset + source.shift;
    const events = piece.events();
    for (let e = 0; e < events.length; e++) {
      if (budget && (e & 0xffff) === 0) budget.checkTime();
      const [kind, token, context] = events[e];
      reader.event(kind === 'enter', token, context, base);
    }
  }
  return { tokens: reader.tokens, page: reader.page };
}

/** An image or link whose label the walk is inside of; images collect their alt text. */
interface Owner {
  image?: ImageToken;
  link?: LinkFacts;
  nested?: boolean;
  labelOpen: boolean;
}

type Handler = (reader: EventReader, enter: boolean, token: Token, context: TokenizeContext, base: number) => void;

/**
 * The walk's state, which depends on the order of events: which images and links are open around
 * it, whether text is alt text, link text or text beside an image, and the raw HTML being collected.
 */
class EventReader {
  readonly tokens: MarkdownToken[] = [];
  readonly page: HtmlContext | undefined;
  private readonly owners: Owner[] = [];
  // Links (Markdown, and raw `<a>`/`<button>` tags of the current run) whose content the walk is in.
  private readonly links: LinkFacts[] = [];
  private run: InlineRun | undefined;
  private definition: DefinitionToken | undefined;
  private readonly defined = new Set<string>();
  private html: { start: number; value: string; inline: boolean } | undefined;
  // Inside a destination, title, reference or footnote call, text is neither alt text nor visible.
  private notText = 0;
  private afterHardBreak = false;
  private openImages = 0;
  // Image labels open around the walk: text there is alt text, not text a reader sees beside the image.
  private openImageLabels = 0;
  // A Pandoc attribute block right after an image is the image's, not text (document offsets).
  private readonly pandoc: boolean;
  private hiddenUntil = -1;

  constructor(
    private readonly source: MarkdownText,
    parsed: string,
    options: ScanOptions,
  ) {
    // Raw HTML that can change the meaning of what follows it is read as part of the whole page.
    this.page = needsHtmlContext(parsed) ? new HtmlContext() : undefined;
    this.pandoc = options.pandocAttributes !== false && parsed.includes('){');
  }

  event(enter: boolean, token: Token, context: TokenizeContext, base: number): void {
    // An image's label is its alt text, and raw HTML arrives whole at its end: neither is page markup.
    if (this.page && this.openImages === 0 && !this.html) this.page.event(enter ? 'enter' : 'exit', token.type);
    HANDLERS.get(token.type)?.(this, enter, token, context, base);
  }

  // --- images and links -------------------------------------------------------------------------

  openImage(token: Token, base: number): void {
    const nested = this.openImages++ > 0;
    const image: ImageToken = {
      kind: 'image',
      range: { start: base + token.start.offset, end: base + token.end.offset },
      alt: '',
      sketchAt: nested ? undefined : this.page?.image(),
      link: this.links[this.links.length - 1],
      run: this.run,
    };
    this.owners.push({ image, nested, labelOpen: false });
  }

  closeImage(token: Token, base: number): void {
    this.openImages--;
    const { image, nested } = this.owners.pop()!;
    // An image inside another image's label is part of that alt text, not an image of its own.
    if (!image || nested) return;
    this.tokens.push(image);
    const end = base + token.end.offset;
    const block = this.pandoc && image.src !== undefined ? pandocAttributeBlock(this.source.text, end) : undefined;
    if (block) this.hiddenUntil = block.close + 1;
  }

  openLink(): void {
    this.owners.push({ link: { kind: 'link', href: null, text: '' }, labelOpen: false });
  }

  closeLink(): void {
    const { link } = this.owners.pop()!;
    if (link) this.removeLink(link);
  }

  label(enter: boolean): void {
    const owner = this.top();
    if (!owner) return;
    owner.labelOpen = enter;
    if (owner.image) this.openImageLabels += enter ? 1 : -1;
    // A link's content is its label; what follows it (destination, reference) is not.
    else if (owner.link && this.openImageLabels === 0) {
      if (enter) this.links.push(owner.link);
      else this.removeLink(owner.link);
    }
  }

  labelText(token: Token, context: TokenizeContext, base: number): void {
    const owner = this.top();
    if (owner?.image && !owner.image.label)
      owner.image.label = { start: base + token.start.offset, end: base + token.end.offset, raw: context.sliceSerialize(token) };
    else if (owner?.link && owner.link.labelRaw === undefined) owner.link.labelRaw = context.sliceSerialize(token);
  }

  /** An inline image or link has a destination even when it is empty: `![a]()`, `![a](<>)`. */
  resource(): void {
    const owner = this.top();
    if (owner?.image) owner.image.src = '';
    if (owner?.link) owner.link.href = '';
  }

  destination(value: string): void {
    const owner = this.top();
    if (owner?.image) owner.image.src = value;
    if (owner?.link) owner.link.href = value;
  }

  title(value: string): void {
    const image = this.top()?.image;
    if (image) image.title = value;
  }

  reference(type: 'full' | 'collapsed', identifier?: string): void {
    const owner = this.top();
    const target = owner?.image ?? owner?.link;
    if (!target) return;
    target.reference = type;
    if (identifier !== undefined) target.identifier = identifier;
  }

  private top(): Owner | undefined {
    return this.owners[this.owners.length - 1];
  }

  private removeLink(link: LinkFacts): void {
    const at = this.links.lastIndexOf(link);
    if (at >= 0) this.links.splice(at, 1);
  }

  // --- text -------------------------------------------------------------------------------------

  /** Text of the document: alt text inside image labels, visible text outside them. */
  text(fragment: string, at: number): void {
    if (this.owners.length) this.altText(fragment);
    if (this.run) this.visibleText(fragment, at);
  }

  // Text inside an image's label belongs to its alt, and to the alt of every image around it.
  private altText(fragment: string): void {
    if (this.notText > 0) return;
    for (let k = this.owners.length - 1; k >= 0 && this.owners[k].labelOpen; k--) {
      const image = this.owners[k].image;
      if (image) image.alt += fragment;
    }
  }

  // Text outside image labels is what the page shows: beside images, and inside links.
  visibleText(fragment: string, at: number): void {
    if (this.notText > 0 || this.openImageLabels > 0 || at < this.hiddenUntil || !this.run) return;
    for (const link of this.links) link.text += fragment;
    if (!this.run.hasText && /\S/.test(fragment)) this.run.hasText = true;
  }

  notTextWithin(enter: boolean): void {
    this.notText += enter ? 1 : -1;
  }

  /** A footnote call shows as a number beside the text around it. */
  footnoteCall(enter: boolean): void {
    this.notTextWithin(enter);
    if (enter && this.run && this.openImageLabels === 0) this.run.hasText = true;
  }

  hardBreak(token: Token, base: number): void {
    this.afterHardBreak = true;
    this.visibleText(' ', base + token.start.offset);
  }

  lineEnding(token: Token, context: TokenizeContext, base: number): void {
    const value = context.sliceSerialize(token);
    if (this.html) this.html.value += value;
    // mdast leaves the line ending after a hard break out of the alt text.
    else if (this.afterHardBreak) this.afterHardBreak = false;
    else if (this.owners.length || this.run) this.text(value, base + token.start.offset);
  }

  inlineRun(enter: boolean): void {
    this.run = enter ? { hasText: false } : undefined;
    // Raw tags left open end with their run: the next paragraph is not inside them.
    if (!enter) for (let k = this.links.length - 1; k >= 0; k--) if (this.links[k].tag) this.links.splice(k, 1);
  }

  // --- definitions ------------------------------------------------------------------------------

  definitionLabel(identifier: string): void {
    // The first definition of a label wins.
    this.definition = this.defined.has(identifier) ? undefined : { kind: 'definition', identifier, destination: '' };
  }

  definitionDestination(value: string): void {
    if (this.definition) this.definition.destination = value;
  }

  definitionTitle(value: string): void {
    if (this.definition) this.definition.title = value;
  }

  closeDefinition(): void {
    // `[a]: <>` defines an empty destination.
    if (this.definition && !this.defined.has(this.definition.identifier)) {
      this.defined.add(this.definition.identifier);
      this.tokens.push(this.definition);
    }
    this.definition = undefined;
  }

  // --- raw HTML ---------------------------------------------------------------------------------

  openHtml(token: Token, base: number): void {
    this.html = { start: base + token.start.offset, value: '', inline: token.type === types.htmlText };
  }

  htmlData(value: string): void {
    if (this.html) this.html.value += value;
  }

  closeHtml(token: Token, base: number): void {
    const html = this.html;
    if (!html) return;
    this.html = undefined;
    const range = { start: html.start, end: base + token.end.offset };
    if (html.inline && isHtmlDecorativeMarker(html.value)) this.tokens.push({ kind: 'marker', range });
    // Raw HTML inside an image's label is part of its alt text, not an element of the page.
    if (html.inline && this.openImageLabels > 0) {
      this.altText(html.value);
      return;
    }
    this.tokens.push({
      kind: 'html',
      value: html.value,
      range,
      sketchAt: this.page?.raw(html.value),
      link: this.links[this.links.length - 1],
      run: this.run,
    });
    if (html.inline && this.run) rawLinkTag(html.value, this.links);
  }
}

const slice = (token: Token, context: TokenizeContext): string => context.sliceSerialize(token);
const at = (token: Token, base: number): number => base + token.start.offset;
const textHandler: Handler = (r, enter, token, context, base) => {
  if (enter) r.text(slice(token, context), at(token, base));
};

/** What each token type does to the walk; types not listed only feed the page sketch. */
const HANDLERS = new Map<string, Handler>([
  [types.paragraph, (r, enter) => r.inlineRun(enter)],
  [types.atxHeadingText, (r, enter) => r.inlineRun(enter)],
  [types.setextHeadingText, (r, enter) => r.inlineRun(enter)],
  [extensionTypes.tableContent, (r, enter) => r.inlineRun(enter)],
  [types.image, (r, enter, token, _, base) => (enter ? r.openImage(token, base) : r.closeImage(token, base))],
  [types.link, (r, enter) => (enter ? r.openLink() : r.closeLink())],
  [types.label, (r, enter) => r.label(enter)],
  [types.labelText, (r, enter, token, context, base) => enter && r.labelText(token, context, base)],
  [
    types.resource,
    (r, enter) => {
      r.notTextWithin(enter);
      if (enter) r.resource();
    },
  ],
  [types.resourceDestinationString, (r, enter, token, context) => enter && r.destination(decodeString(slice(token, context)))],
  [types.resourceTitleString, (r, enter, token, context) => enter && r.title(decodeString(slice(token, context)))],
  [
    types.reference,
    (r, enter) => {
      r.notTextWithin(enter);
      if (enter) r.reference('collapsed');
    },
  ],
  [types.referenceString, (r, enter, token, context) => enter && r.reference('full', identifierOf(slice(token, context)))],
  [extensionTypes.gfmFootnoteCall, (r, enter) => r.footnoteCall(enter)],
  [types.definitionLabelString, (r, enter, token, context) => enter && r.definitionLabel(identifierOf(slice(token, context)))],
  [types.definitionDestinationString, (r, enter, token, context) => enter && r.definitionDestination(decodeString(slice(token, context)))],
  [types.definitionTitleString, (r, enter, token, context) => enter && r.definitionTitle(decodeString(slice(token, context)))],
  [types.definition, (r, enter) => !enter && r.closeDefinition()],
  [types.data, textHandler],
  [types.characterEscapeValue, textHandler],
  [types.codeTextData, textHandler],
  [types.autolinkProtocol, textHandler],
  [types.autolinkEmail, textHandler],
  [extensionTypes.literalAutolinkWww, textHandler],
  [extensionTypes.literalAutolinkHttp, textHandler],
  [extensionTypes.literalAutolinkEmail, textHandler],
  [types.characterReference, (r, enter, token, context, base) => enter && r.text(decodeString(slice(token, context)), at(token, base))],
  [types.hardBreakEscape, (r, enter, token, _, base) => !enter && r.hardBreak(token, base)],
  [types.hardBreakTrailing, (r, enter, token, _, base) => !enter && r.hardBreak(token, base)],
  [types.lineEnding, (r, enter, token, context, base) => enter && r.lineEnding(token, context, base)],
  [types.htmlFlow, (r, enter, token, _, base) => (enter ? r.openHtml(token, base) : r.closeHtml(token, base))],
  [types.htmlText, (r, enter, token, _, base) => (enter ? r.openHtml(token, base) : r.closeHtml(token, base))],
  [types.htmlFlowData, (r, enter, token, context) => enter && r.htmlData(slice(token, context))],
  [types.htmlTextData, (r, enter, token, context) => enter && r.htmlData(slice(token, context))],
]);

/** The token types the reader acts on (a test checks micromark still emits each). */
export const READ_TOKEN_TYPES: readonly string[] = [...HANDLERS.keys()];

/** How CommonMark matches a reference to its definition: case-folded, whitespace collapsed. */
export function identifierOf(label: string): string {
  return normalizeIdentifier(label).toLowerCase();
}

const RAW_LINK_TAG = /^<(\/?)(a|button)(?=[\s/>])/i;

/**
 * Inline raw HTML arrives one tag at a time: an `<a href>` or `<button>` start tag opens a link
 * for the images and text that follow it in the run, its end tag closes the innermost one. An `<a>`
 * without `href` is no link (HTML's placeholder anchor). A trailing `/` does not close either: HTML
 * ignores it on elements that are not void.
 */
function rawLinkTag(tag: string, links: LinkFacts[]): void {
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
