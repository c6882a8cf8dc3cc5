import { fitCaption } from './captionBudget';
import type { CaptionStyle } from './request';
import { withVisibleText } from './visibleTextBudget';

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

/**
 * The alt text both faces write: the cleaned caption styled (styleCaption), then any visible text
 * read in the image quoted after it (withVisibleText), the whole within the style's budget.
 */
export function styleAltText(cleaned: string, visibleText: string | undefined, style: CaptionStyle): string {
  const caption = styleCaption(cleaned, style);
  return visibleText ? withVisibleText(caption, visibleText, style.maxCharacters) : caption;
}
