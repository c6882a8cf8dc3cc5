import { parse, postprocess, preprocess } from 'micromark';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Event, Extension, Token } from 'micromark-util-types';
import { types } from './markdownTokenTypes';
import { countCostlyMarkup, countInlineMarkup, type ScanBudget } from './scanBudget';

// Each GFM construct (and front matter) can only start where its telltale characters are. A document
// without them tokenizes the same with the construct left out, and the constructs cost more to try
// at every line or word than CommonMark itself, so each is only switched on when its test passes.
interface Construct {
  extension: Extension;
  mayOccur(text: string): boolean;
}
const FRONT_MATTER: Construct = {
  extension: frontmatter(['yaml', 'toml']),
  mayOccur: (text) => text.startsWith('---') || text.startsWith('+++'),
};
const CONSTRUCTS: Construct[] = [
  FRONT_MATTER,
  { extension: gfmFootnote(), mayOccur: (text) => text.includes('[^') },
  { extension: gfmStrikethrough(), mayOccur: (text) => text.includes('~') },
  { extension: gfmTaskListItem(), mayOccur: (text) => TASK_MARKER.test(text) },
  // A table needs a delimiter row: dashes with a pipe or colon, nothing else but blanks, after any
  // block quote markers or indentation.
  { extension: gfmTable(), mayOccur: (text) => DELIMITER_ROW.test(text) },
  { extension: gfmAutolinkLiteral(), mayOccur: (text) => literalAutolinksMatter(text) },
];
const TASK_MARKER = /\[[ \txX]\]/;
const DELIMITER_ROW = /^[ \t>]*(?=[^\r\n]*-)(?=[^\r\n]*[|:])[ \t|:-]+$/m;

// A GFM literal autolink (`www.example.com`, `https://example.com`) runs up to the next blank or `<`
// and swallows what it passes over. Only the characters below can make that change which images a
// document has or what their alt text is: backticks (code spans), brackets and `!` (images and links).
// Emails (`a@b.c`) cannot hold any of them, and inside link and image labels no literal autolink forms.
// Literal autolinks are the costliest construct of all and most documents have URLs, so this asks
// more than whether one may occur.
const LITERAL_AUTOLINK_RUN = /(?:www\.|https?:\/\/)[^\s<]*/gi;
const MATTERS_TO_IMAGES = /[`[\]!]/;

export interface TokenizeOptions {
  /** 'all' tokenizes with every construct, for tests that prove the selection changes nothing. */
  constructs?: 'as-needed' | 'all';
  /** Documents longer than this are tokenized in pieces of about this size (see markdownEventPieces). */
  pieceSize?: number;
  /** Checked between the block and the inline phase of each piece, where micromark's cost can explode. */
  budget?: ScanBudget;
}

/** One piece of a document; the offsets of its events count from `offset` in the tokenized text. */
export interface EventPiece {
  offset: number;
  /** Finishes tokenizing the piece (its inline phase); call once, in order, and let go of the result. */
  events(): Event[];
}

const PIECE_SIZE = 64 * 1024;

/**
 * Tokenizes Markdown (CommonMark + GFM + YAML/TOML front matter) with micromark, the tokenizer
 * remark-parse is built on, and returns its events. The scanner reads these directly instead of an
 * mdast tree: building the tree costs about as much again as tokenizing, and images need little of it.
 * A leading BOM is dropped by micromark, so offsets count from just after it; callers strip it first.
 */
export function markdownEvents(text: string, options: TokenizeOptions = {}): Event[] {
  const all = options.constructs === 'all';
  const extensions = CONSTRUCTS.filter((c) => all || c.mayOccur(text)).map((c) => c.extension);
  const events = parse({ extensions })
    .document()
    .write(preprocess()(text, undefined, true));
  if (options.budget) checkInlineRuns(events, text, 0, options.budget, text);
  return postprocess(events);
}

/**
 * Runs only the checks of the scan budget (the block phase, in pieces for a long document), for
 * parsers that tokenize with micromark without one (remark-mdx).
 */
export function checkMarkdownBudget(text: string, budget: ScanBudget): void {
  if (text.length > 2 * PIECE_SIZE) {
    markdownEventPieces(text, { budget });
    return;
  }
  const extensions = CONSTRUCTS.filter((c) => c.mayOccur(text)).map((c) => c.extension);
  checkInlineRuns(
    parse({ extensions })
      .document()
      .write(preprocess()(text, undefined, true)),
    text,
    0,
    budget,
    text,
  );
}

/**
 * Before the inline phase, counts the delimiters of each run of inline text (the linked chunks of
 * one paragraph, heading or table cell), which is where that phase's cost grows faster than the text.
 */
function checkInlineRuns(documentEvents: Event[], pieceText: string, pieceStart: number, budget: ScanBudget, wholeText: string): void {
  budget.checkTime();
  const tokenizers = new Set<NonNullable<Token['_tokenizer']>>();
  for (const [, token] of documentEvents) {
    if (token.type === types.chunkFlow && token._tokenizer) tokenizers.add(token._tokenizer);
  }
  for (const tokenizer of tokenizers) {
    for (const [kind, token] of tokenizer.events) {
      if (kind !== 'enter' || token.type !== types.chunkText || token.previous) continue;
      let markup = 0;
      for (let chunk: Token | undefined = token; chunk; chunk = chunk.next)
        markup += countInlineMarkup(pieceText, chunk.start.offset, chunk.end.offset);
      if (markup <= budget.limits.maxInlineMarkup) continue;
      const chunks: string[] = [];
      for (let chunk: Token | undefined = token; chunk; chunk = chunk.next)
        chunks.push(pieceText.slice(chunk.start.offset, chunk.end.offset));
      const costly = countCostlyMarkup(chunks.join(''));
      if (costly > budget.limits.maxInlineMarkup) budget.checkInlineRun(costly, lineOf(wholeText, pieceStart + token.start.offset));
    }
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  return line;
}

/**
 * Like markdownEvents, in pieces for long documents. micromark's block phase slows down more than
 * linearly with the length of a document full of lists and quotes (a megabyte can take many
 * seconds), so a long document is cut where a line at the left margin follows a blank line: there
 * every block and container but a fenced code block or an HTML block of the kinds that run to an
 * end marker has ended. A piece that ends inside one of those is joined with the next. Definitions
 * and footnotes are shared between the pieces, which are all tokenized to the block level (where
 * definitions are found) before any inline text is, as micromark does for a whole document.
 */
export function markdownEventPieces(text: string, options: TokenizeOptions = {}): EventPiece[] {
  const pieceSize = options.pieceSize ?? PIECE_SIZE;
  if (text.length <= 2 * pieceSize) return [{ offset: 0, events: () => markdownEvents(text, options) }];

  const all = options.constructs === 'all';
  const chosen = CONSTRUCTS.filter((c) => all || c.mayOccur(text));
  // Front matter can only open a document, so only the first piece may have it.
  const firstExtensions = chosen.map((c) => c.extension);
  const laterExtensions = chosen.filter((c) => c !== FRONT_MATTER).map((c) => c.extension);
  const defined: string[] = [];
  const footnotes: string[] = [];

  const blockPhase: Array<{ offset: number; events: Event[] }> = [];
  const cuts = cutCandidates(text, pieceSize);
  let start = 0;
  for (let c = 0; c <= cuts.length; c++) {
    const end = c < cuts.length ? cuts[c] : text.length;
    const parser = parse({ extensions: start === 0 ? firstExtensions : laterExtensions });
    parser.defined = defined;
    parser.gfmFootnotes = footnotes;
    const events = parser.document().write(preprocess()(text.slice(start, end), undefined, true));
    if (end < text.length && endsInsideOpenBlock(events, text.slice(start, end))) continue;
    if (options.budget) checkInlineRuns(events, text.slice(start, end), start, options.budget, text);
    blockPhase.push({ offset: start, events });
    start = end;
  }
  // Inline phases run one piece at a time, so that only one piece's events need be held at once.
  return blockPhase.map((piece) => ({
    offset: piece.offset,
    events: () => {
      const events = postprocess(piece.events);
      piece.events = [];
      return events;
    },
  }));
}
/** Whether some text that may become a literal autolink runs into a character that matters to images. */
export function literalAutolinksMatter(text: string): boolean {
  for (const match of text.matchAll(LITERAL_AUTOLINK_RUN)) {
    if (MATTERS_TO_IMAGES.test(match[0])) return true;
  }
  return false;
}

// Where a line at the left margin follows a blank line, about `pieceSize` apart; never inside front matter.
function cutCandidates(text: string, pieceSize: number): number[] {
  const cuts: number[] = [];
  const line = /[^\n\r]*(?:\r\n|\r|\n|$)/g;
  line.lastIndex = frontMatterEnd(text);
  let lastCut = 0;
  let previousBlank = false;
  for (let match = line.exec(text); match && match[0] !== ''; match = line.exec(text)) {
    const content = match[0].replace(/[\r\n]+$/, '');
    const blank = /^[ \t]*$/.test(content);
    if (previousBlank && !blank && content[0] !== ' ' && content[0] !== '\t' && match.index - lastCut >= pieceSize) {
      cuts.push(match.index);
      lastCut = match.index;
    }
    previousBlank = blank;
  }
  return cuts;
}

// Front matter may hold blank lines, so nothing before its closing fence may be cut.
function frontMatterEnd(text: string): number {
  const closing = text.startsWith('---') ? /^---[ \t]*$/m : text.startsWith('+++') ? /^\+\+\+[ \t]*$/m : undefined;
  if (!closing) return 0;
  const firstLineEnd = text.search(/[\r\n]/);
  if (firstLineEnd < 0) return 0;
  const rest = text.slice(firstLineEnd + 1);
  const match = closing.exec(rest);
  return match ? firstLineEnd + 1 + match.index + match[0].length : 0;
}

// HTML blocks that run past blank lines, to the line holding their end marker (CommonMark kinds 1-5).
const HTML_BLOCKS_WITH_END_MARKER: Array<{ start: RegExp; end: RegExp }> = [
  { start: /^ {0,3}<(?:pre|script|style|textarea)(?:[ \t>]|$)/i, end: /<\/(?:pre|script|style|textarea)>/i },
  { start: /^ {0,3}<!--/, end: /-->/ },
  { start: /^ {0,3}<\?/, end: /\?>/ },
  { start: /^ {0,3}<![A-Za-z]/, end: />/ },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/ },
];

/**
 * Whether the last block of a piece was cut off by the end of the piece. Before the inline phase,
 * the document's events hold the blocks in the flow tokenizer of their last chunk. A block inside a
 * container may be judged open when it was not; that only joins two pieces that could have stayed apart.
 */
function endsInsideOpenBlock(documentEvents: Event[], pieceText: string): boolean {
  let flow: Event[] | undefined;
  for (let i = documentEvents.length - 1; i >= 0 && !flow; i--) {
    const token = documentEvents[i][1];
    if (token.type === types.chunkFlow) flow = token._tokenizer?.events;
  }
  if (!flow) return false;
  const events = flow;
  let depth = 0;
  let lastTopLevel = -1;
  events.forEach(([kind, token], index) => {
    // The blank lines that end a piece come after the block they may belong to.
    if (kind === 'enter' && depth++ === 0 && token.type !== types.lineEnding && token.type !== types.lineEndingBlank) lastTopLevel = index;
    if (kind === 'exit') depth--;
  });
  if (lastTopLevel < 0) return false;
  const token = events[lastTopLevel][1];
  if (token.type === types.codeFenced) {
    let fences = 0;
    for (let i = lastTopLevel; i < events.length; i++) {
      if (events[i][0] === 'enter' && events[i][1].type === types.codeFencedFence) fences++;
    }
    return fences < 2;
  }
  if (token.type === types.htmlFlow) {
    const html = pieceText.slice(token.start.offset, token.end.offset);
    const kind = HTML_BLOCKS_WITH_END_MARKER.find((k) => k.start.test(html));
    if (!kind) return false;
    // Ended by its marker, the block's last line holds it; ended by the end of the piece, it does not.
    const lastLine = html.slice(Math.max(html.lastIndexOf('\n'), html.lastIndexOf('\r')) + 1);
    return !kind.end.test(lastLine);
  }
  return false;
}
