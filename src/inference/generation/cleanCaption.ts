import { removeArtefacts } from './captionArtefacts';
import { styleCaption } from './captionStyle';
import { styleOf, type CaptionStyle } from './request';

export { DEFAULT_MAX_CHARACTERS } from './request';

export interface CaptionCleanupOptions extends Partial<CaptionStyle> {
  /** The prompt the caption was generated from; removed from its start. */
  prompt?: string;
}

// Openings that say the image is an image: alt text is read as describing one already.
const FILLER = /^(?:(?:a|an|the)\s+)?(?:picture|image|photo|photograph)\s+of\s+/i;

/**
 * What the caption says, before any style: whitespace collapsed and trimmed, the prompt removed,
 * BLIP's artefacts removed ("arafed", "there is a ...", repeated words and phrases) and leading
 * "a picture of" / "an image of" style openings removed. The raw decoded text stays available
 * beside it (CaptionResult.text).
 */
export function stripCaption(text: string, prompt?: string): string {
  let caption = collapse(text);
  const opening = prompt ? collapse(prompt) : '';
  if (opening && startsWithWords(caption, opening)) caption = caption.slice(opening.length).trimStart();
  for (let previous = ''; previous !== caption;) {
    previous = caption;
    caption = removeArtefacts(caption).replace(FILLER, '');
  }
  return caption;
}

/**
 * Turns a decoded caption into alt text: stripCaption, then the style (styleCaption), by default
 * DEFAULT_STYLE's: shortened to 150 characters, first letter capitalised, no final full stop.
 */
export function cleanCaption(text: string, options: CaptionCleanupOptions = {}): string {
  const { prompt, ...style } = options;
  return styleCaption(stripCaption(text, prompt), styleOf({ style }));
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
