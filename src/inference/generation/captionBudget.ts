// Alt text is read aloud in full, every time; a long caption costs the reader more than the detail
// it adds. When a caption is over its budget, what says least goes first: BLIP's habitual closing
// fillers, then words from the end, never leaving a dangling article or preposition.

/** Closing phrases that describe the backdrop rather than the subject. */
const TRAILING_FILLERS = [
  /\s+(?:in|on|against)\s+(?:the|a)\s+background$/i,
  /\s+with\s+(?:a|an)\s+\w+\s+background$/i,
  /\s+in\s+the\s+(?:foreground|distance)$/i,
  /\s+(?:behind|around)\s+(?:it|them|him|her)$/i,
];

/** Words that cannot end a phrase. */
const DANGLING = /\s+(?:a|an|the|of|with|and|or|on|in|at|to|for|from|by|near|next|its|their|his|her|is|are|while)$/i;

/**
 * Shortens `caption` to at most `maxCharacters`: first drops trailing fillers (repeatedly), then cuts
 * at the last whole word that fits and removes the words that would dangle. A caption within the
 * budget is returned unchanged, fillers included.
 */
export function fitCaption(caption: string, maxCharacters: number): string {
  if (!(maxCharacters > 0) || caption.length <= maxCharacters) return caption;
  let text = caption.replace(/[.]$/, '');
  for (let changed = true; changed && text.length > maxCharacters;) {
    changed = false;
    for (const filler of TRAILING_FILLERS) {
      const shorter = text.replace(filler, '');
      if (shorter !== text) {
        text = shorter;
        changed = true;
      }
    }
  }
  if (text.length > maxCharacters) {
    const cut = text.slice(0, maxCharacters + 1);
    const lastSpace = cut.lastIndexOf(' ');
    text = lastSpace > 0 ? cut.slice(0, lastSpace) : text.slice(0, maxCharacters);
  }
  text = text.replace(/[\s,;:]+$/, '');
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(DANGLING, '').replace(/[\s,;:]+$/, '');
  }
  return text;
}
