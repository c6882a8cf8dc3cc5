// What tesseract reads in a screenshot is mostly right on UI text and mostly noise on icons, photos
// inside the screenshot and lines it half sees. Only text it is sure of, that reads as words, goes
// into alt text, and only a little of it: alt text names what matters; a transcript of a whole
// screen belongs in the page.

/** A line as tesseract gives it: its text and its confidence (0 to 100) and its words'. */
export interface RecognizedLine {
  text: string;
  confidence: number;
  words: { text: string; confidence: number }[];
}

/** Words below this confidence are dropped; tesseract's misreadings of icons and window controls score under it. */
export const MIN_WORD_CONFIDENCE = 80;
/** The visible text keeps at most this many lines, in reading order. */
export const MAX_LINES = 3;
/** And at most this many characters, whole lines only. */
export const MAX_TEXT_CHARACTERS = 80;

/**
 * The short visible text of an image, lines joined by "\n": confident lines only (unsure scraps at
 * a line's ends are dropped, a line with any other unsure word is), lines that read as words (two letters at least, more letters than symbols), at most MAX_LINES lines and
 * MAX_TEXT_CHARACTERS characters. Empty when nothing qualifies.
 */
export function selectVisibleText(lines: readonly RecognizedLine[]): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    const text = confidentText(line);
    if (!readsAsWords(text)) continue;
    if (kept.includes(text)) continue;
    const added = length + (kept.length ? 1 : 0) + text.length;
    if (added > MAX_TEXT_CHARACTERS) {
      if (kept.length === 0) continue; // a long first line: a later, shorter one may still say something
      break;
    }
    kept.push(text);
    length = added;
    if (kept.length === MAX_LINES) break;
  }
  return kept.join('\n');
}

/**
 * The line without the unsure scraps at its ends (an icon read as a letter or a symbol next to a
 * label: two characters at most, or no letter), or '' when what is left would be a fragment: any
 * other unsure word in it, or half its words gone. A
 * fragment ("Create an" of "Create an account") misleads more than no text.
 */
function confidentText(line: RecognizedLine): string {
  const words = line.words.filter((w) => w.text.trim() !== '');
  let start = 0;
  let end = words.length;
  const noise = (w: RecognizedLine['words'][number]) =>
    w.confidence < MIN_WORD_CONFIDENCE && (w.text.trim().length <= 2 || !/\p{L}/u.test(w.text));
  while (start < end && noise(words[start])) start++;
  while (end > start && noise(words[end - 1])) end--;
  const kept = words.slice(start, end);
  if (kept.length * 2 < words.length || kept.some((w) => w.confidence < MIN_WORD_CONFIDENCE)) return '';
  return kept
    .map((w) => w.text.trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

function readsAsWords(text: string): boolean {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const symbols = (text.match(/[^\p{L}\p{N}\s]/gu) ?? []).length;
  return letters >= 2 && letters > symbols && /\p{L}{2}/u.test(text);
}
