import { removeArtefacts } from './captionArtefacts';
import { fitCaption } from './captionBudget';

/** The alt-text budget when none is chosen: long enough for BLIP's captions, short enough to read aloud. */
export const DEFAULT_MAX_CHARACTERS = 150;

export interface CaptionCleanupOptions {
  /** The prompt the caption was generated from; removed from its start. */
  prompt?: string;
  /** End the caption with a full stop (true) or leave end marks as they are (false, the default). */
  trailingPeriod?: boolean;
  /** The longest alt text in characters; longer captions are shortened (fitCaption). None when absent. */
  maxCharacters?: number;
}

// Openings that say the image is an image: alt text is read as describing one already.
const FILLER = /^(?:(?:a|an|the)\s+)?(?:picture|image|photo|photograph)\s+of\s+/i;

/**
 * Turns a decoded caption into alt text: whitespace collapsed and trimmed, the prompt removed, BLIP's
 * artefacts removed ("arafed", "there is a ...", repeated words and phrases), leading "a picture of" /
 * "an image of" style openings removed, shortened to the budget, first letter capitalised, and
 * optionally a final full stop. The raw decoded text stays available beside it (CaptionResult.text).
 */
export function cleanCaption(text: string, options: CaptionCleanupOptions = {}): string {
  let caption = collapse(text);
  const prompt = options.prompt ? collapse(options.prompt) : '';
  if (prompt && startsWithWords(caption, prompt)) caption = caption.slice(prompt.length).trimStart();
  for (let previous = ''; previous !== caption;) {
    previous = caption;
    caption = removeArtefacts(caption).replace(FILLER, '');
  }
  if (options.maxCharacters !== undefined) caption = fitCaption(caption, options.maxCharacters);
  if (!caption) return '';
  caption = caption[0].toLocaleUpperCase() + caption.slice(1);
  if (options.trailingPeriod && !/[.!?]$/.test(caption)) caption += '.';
  return caption;
}

/** Whether `text` starts with `words` as whole words, ignoring case. */
function startsWithWords(text: string, words: string): boolean {
  return (
    text.toLowerCase().startsWith(words.toLowerCase()) &&
    (text.length === words.length || !/\w/.test(text[words.length]) || !/\w/.test(words[words.length - 1]))
  );
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
