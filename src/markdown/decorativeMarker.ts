/**
 * Markdown has no way to call an image decorative except an empty alt, and an empty Markdown alt
 * usually means the writer forgot. So the writer's intent is written next to the image as a comment
 * that renders to nothing: an HTML comment in Markdown, a JSX comment in MDX (where HTML comments
 * are a syntax error). It follows the image on the same line, because a line that starts with
 * `<!--` would turn the whole line, image included, into an HTML block.
 */
export const MARKDOWN_DECORATIVE_MARKER = '<!-- alt-text: decorative -->';
export const MDX_DECORATIVE_MARKER = '{/* alt-text: decorative */}';

const HTML_COMMENT_MARKER = /^<!--\s*alt-text:\s*decorative\s*-->$/i;
// remark-mdx gives an expression's value without its braces.
const JSX_COMMENT_MARKER = /^\s*\/\*\s*alt-text:\s*decorative\s*\*\/\s*$/i;

/** Whether an HTML node's value (Markdown) is the decorative marker. */
export function isHtmlDecorativeMarker(htmlValue: string): boolean {
  return HTML_COMMENT_MARKER.test(htmlValue);
}

/** Whether an MDX text expression's value is the decorative marker. */
export function isJsxDecorativeMarker(expressionValue: string): boolean {
  return JSX_COMMENT_MARKER.test(expressionValue);
}

export function decorativeMarkerFor(dialect: 'markdown' | 'mdx'): string {
  return dialect === 'mdx' ? MDX_DECORATIVE_MARKER : MARKDOWN_DECORATIVE_MARKER;
}
