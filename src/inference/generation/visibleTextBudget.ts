import { fitCaption } from './captionBudget';

// The text in a screenshot is often what the reader needs ("Enable telemetry"), and the caption
// alone cannot give it ("a screenshot of a computer screen"). It goes after the caption, in quotes,
// as a sighted reader would quote it, within the same budget. The quotes are typographic (“ ”):
// straight ones would have to be written as &quot; in an HTML or JSX attribute and in Markdown alt
// text (src/markdown/escapeAlt.ts), where a writer reading the source would see the references.
// Lines go in whole while they fit; when not
// even the first fits, the caption gives up words (down to half the budget) before the first line
// is cut at a word. A caption ending in a full stop keeps it at the very end.

/** The caption keeps at least this share of the budget when making room for the text. */
const MIN_CAPTION_SHARE = 0.5;

/**
 * `caption` followed by ` with “line”, “line”` from `visibleText` (lines separated by "\n"), never
 * longer than `maxCharacters`. Double quotes inside the text become single ones so the quoting
 * stays unambiguous. Without text, or with no room for any, the caption is fitted on its own.
 */
export function withVisibleText(caption: string, visibleText: string | undefined, maxCharacters: number): string {
  const lines = (visibleText ?? '')
    .split('\n')
    .map((l) => l.replace(/["“”]/g, "'").replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '');
  const period = /[^.]\.$/.test(caption) ? '.' : '';
  const base = period ? caption.slice(0, -1) : caption;
  if (lines.length === 0 || !(maxCharacters > 0)) return fitCaption(caption, maxCharacters);

  const compose = (head: string, quoted: string[]) => (head ? `${head} with ${quoted.join(', ')}` : quoted.join(', ')) + period;
  const quote = (l: string) => `“${l}”`;

  // Whole lines after the whole caption.
  const whole: string[] = [];
  for (const line of lines) {
    if (compose(base, [...whole, quote(line)]).length > maxCharacters) break;
    whole.push(quote(line));
  }
  if (whole.length) return compose(base, whole);

  // The first line whole, the caption shortened to make room, while it keeps half the budget.
  const first = quote(lines[0]);
  const room = maxCharacters - compose('', [first]).length - ' with '.length;
  const minCaption = Math.floor(maxCharacters * MIN_CAPTION_SHARE);
  if (base && room >= Math.min(minCaption, base.length)) {
    const head = fitCaption(base, room);
    if (head) return compose(head, [first]);
  }
  if (!base && compose('', [first]).length <= maxCharacters) return compose('', [first]);

  // The first line cut at a word, after a caption of half the budget.
  const head = base ? fitCaption(base, Math.min(base.length, minCaption)) : '';
  const left = maxCharacters - (head ? head.length + ' with '.length : 0) - period.length - 3; // two quotes and an ellipsis
  const cut = cutAtWord(lines[0], left);
  if (cut) return compose(head, [`“${cut}…”`]);
  return fitCaption(caption, maxCharacters);
}

function cutAtWord(text: string, max: number): string {
  if (max < 1) return '';
  const slice = text.slice(0, max + 1);
  const space = slice.lastIndexOf(' ');
  return space > 0 ? slice.slice(0, space).replace(/[\s,;:]+$/, '') : '';
}
