import { fitCaption } from '../inference/generation/captionBudget';
import type { CaptionStyle } from './settings';

/**
 * Applies the writer's style to a cleaned caption. Kept out of the caption cache so that changing
 * the style never costs a new inference.
 */
export function styleCaption(caption: string, style: CaptionStyle): string {
  let text = caption.trim().replace(/\s+/g, ' ');
  if (text === '') return text;
  text = fitCaption(text, style.maxCharacters);
  // The captioner capitalizes; without the style the caption reads as the model wrote it, in lower
  // case, except where the first word is an acronym ("NASA", "TV").
  if (style.capitalize) text = text.charAt(0).toLocaleUpperCase() + text.slice(1);
  else if (!/^\p{Lu}{2}/u.test(text)) text = text.charAt(0).toLocaleLowerCase() + text.slice(1);
  // Only plain full stops are added or removed: a caption ending in '?' or '!' keeps its mark.
  const endsWithPeriod = text.endsWith('.');
  if (style.trailingPeriod && !/[.!?]$/.test(text)) text += '.';
  if (!style.trailingPeriod && endsWithPeriod && !text.endsWith('...')) text = text.slice(0, -1).trimEnd();
  return text;
}
