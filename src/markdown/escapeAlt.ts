/**
 * Makes a caption fit to be alt text: alt text is one line, so each line break (with the blanks
 * around it) becomes one space; control characters go; blanks at either end go.
 */
export function normalizeCaption(caption: string): string {
  return caption
    .replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
}

// Characters that would otherwise open Markdown syntax inside a label: escapes, brackets, emphasis,
// code, strikethrough (GFM) and table cell boundaries (GFM). All are ASCII punctuation, so a
// backslash before them is always a valid escape and never shows.
const MARKDOWN_SPECIAL = /[\\[\]*_`~|]/g;
// `<` opens raw HTML or an autolink only before these; MDX reads every `<` as JSX.
const MARKDOWN_TAG_OPEN = /<(?=[A-Za-z/!?])/g;
const MDX_SPECIAL = /[<{}]/g;
// `&` starts a character reference only when a name or number and `;` follow.
const CHARACTER_REFERENCE = /&(?=#?[A-Za-z0-9]+;)/g;

/** Escapes a (normalized) caption so that Markdown or MDX reads it back as exactly that text. */
export function escapeMarkdownAlt(caption: string, dialect: 'markdown' | 'mdx'): string {
  let escaped = caption.replace(MARKDOWN_SPECIAL, '\\$&').replace(CHARACTER_REFERENCE, '\\&');
  escaped = dialect === 'mdx' ? escaped.replace(MDX_SPECIAL, '\\$&') : escaped.replace(MARKDOWN_TAG_OPEN, '\\<');
  return escaped;
}

/**
 * Escapes a caption for an HTML or JSX attribute value in the given quotes. Inside Markdown, a `|`
 * would end a GFM table cell even within a tag, so there it is written as a character reference.
 */
export function escapeAttributeValue(caption: string, quote: '"' | "'", insideMarkdown: boolean): string {
  let escaped = caption.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  escaped = quote === '"' ? escaped.replace(/"/g, '&quot;') : escaped.replace(/'/g, '&#39;');
  return insideMarkdown ? escaped.replace(/\|/g, '&#124;') : escaped;
}
