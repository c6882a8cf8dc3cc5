import { fitCaption } from './captionBudget';
import type { CaptionStyle } from './request';

/**
 * Applies the writer's style to a cleaned caption: whitespace collapsed, shortened to the budget,
 * the first letter upper-cased when asked, and a full stop added or removed. This is the only
 * place style is applied; a cached caption is stored unstyled and styled here on the way out,
 * so changing the style never costs a new inference.
 */
export function styleCaption(caption: string, style: CaptionStyle): string {
  let text = caption.trim().replace(/\s+/g, ' ');
  if (text === '') return text;
  text = fitCaption(text, style.maxCharacters);
  if (text === '') return text;
  if (style.capitalize) text = text.charAt(0).toLocaleUpperCase() + text.slice(1);
  // Only plain full stops are added or removed: a caption ending in '?' or '!' keeps its mark.
  const endsWithPeriod = text.endsWith('.');
  if (style.trailingPeriod && !/[.!?]$/.test(text)) text += '.';
  if (!style.trailingPeriod && endsWithPeriod && !text.endsWith('...')) text = text.slice(0, -1).trimEnd();
  return text;
}
