import { parse, postprocess, preprocess } from 'micromark';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Event, Extension } from 'micromark-util-types';

// Each GFM construct (and front matter) can only start where its telltale characters are. A document
// without them tokenizes the same with the construct left out, and the constructs cost more to try
// at every line or word than CommonMark itself, so each is only switched on when its test passes.
const CONSTRUCTS: Array<{ extension: Extension; mayOccur(text: string): boolean }> = [
  { extension: frontmatter(['yaml', 'toml']), mayOccur: (text) => text.startsWith('---') || text.startsWith('+++') },
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
}

/**
 * Tokenizes Markdown (CommonMark + GFM + YAML/TOML front matter) with micromark, the tokenizer
 * remark-parse is built on, and returns its events. The scanner reads these directly instead of an
 * mdast tree: building the tree costs about as much again as tokenizing, and images need little of it.
 * A leading BOM is dropped by micromark, so offsets count from just after it; callers strip it first.
 */
export function markdownEvents(text: string, options: TokenizeOptions = {}): Event[] {
  const all = options.constructs === 'all';
  const extensions = CONSTRUCTS.filter((c) => all || c.mayOccur(text)).map((c) => c.extension);
  return postprocess(parse({ extensions }).document().write(preprocess()(text, undefined, true)));
}

/** Whether some text that may become a literal autolink runs into a character that matters to images. */
export function literalAutolinksMatter(text: string): boolean {
  for (const match of text.matchAll(LITERAL_AUTOLINK_RUN)) {
    if (MATTERS_TO_IMAGES.test(match[0])) return true;
  }
  return false;
}
