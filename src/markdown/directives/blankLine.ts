/**
 * Whether a blank line starts right after the line break at `i`. Shortcodes, directive openings and
 * attribute blocks never run across one, so their searches stop there: an unclosed quote then costs
 * one paragraph, not the rest of the document.
 */
export function blankLineFollows(text: string, i: number): boolean {
  if (text[i] !== '\n' && text[i] !== '\r') return false;
  let j = text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
  while (text[j] === ' ' || text[j] === '\t') j++;
  return j >= text.length || text[j] === '\n' || text[j] === '\r';
}
