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
// strikethrough (GFM), table cell boundaries (GFM), and parentheses, which end a link title opened
// before the image. All are ASCII punctuation, so a backslash before them is always a valid escape
// and never shows.
const MARKDOWN_SPECIAL = /[\\[\]*_~|()]/g;
// Characters that could end something left open before the image, where backslashes are text: a
// code span (a backtick), raw HTML or an autolink (`>`, quotes). These are written as character
// references, which mean the same in alt text and contain none of them.
const MARKDOWN_CLOSERS: Record<string, string> = { '`': '&#96;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const MARKDOWN_CLOSER = /[`>"']/g;
// `<` opens raw HTML or an autolink only before these; MDX reads every `<` as JSX.
const MARKDOWN_TAG_OPEN = /<(?=[A-Za-z/!?])/g;
const MDX_SPECIAL = /[<{}]/g;
// `&` starts a character reference only when a name or number and `;` follow.
const CHARACTER_REFERENCE = /&(?=#?[A-Za-z0-9]+;)/g;

/** Escapes a (normalized) caption so that Markdown or MDX reads it back as exactly that text. */
export function escapeMarkdownAlt(caption: string, dialect: 'markdown' | 'mdx'): string {
  let escaped = caption.replace(MARKDOWN_SPECIAL, '\\$&').replace(CHARACTER_REFERENCE, '\\&');
  escaped = dialect === 'mdx' ? escaped.replace(MDX_SPECIAL, '\\$&') : escaped.replace(MARKDOWN_TAG_OPEN, '\\<');
  // Last, so that the `&` of these references is not escaped itself.
  return escaped.replace(MARKDOWN_CLOSER, (c) => MARKDOWN_CLOSERS[c]);
}

/**
 * Escapes a caption for an HTML or JSX attribute value in the given quotes. Inside Markdown more is
 * at stake than the value: a `|` would end a GFM table cell even within a tag, a `>` would end an
 * HTML block that runs to a marker (`-->`, `?>`, `]]>`), and a backtick or the other quote could
 * close a code span or an attribute left open before the tag. There all of these are written as
 * character references.
 */
export function escapeAttributeValue(caption: string, quote: '"' | "'", insideMarkdown: boolean): string {
  const escaped = caption.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (insideMarkdown) return escaped.replace(/[|>"'`]/g, (c) => MARKDOWN_ATTRIBUTE_REFERENCES[c]);
  return quote === '"' ? escaped.replace(/"/g, '&quot;') : escaped.replace(/'/g, '&#39;');
}

const MARKDOWN_ATTRIBUTE_REFERENCES: Record<string, string> = { '|': '&#124;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
