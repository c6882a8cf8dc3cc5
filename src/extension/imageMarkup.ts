import path from 'node:path';
import { escapeAttributeValue, escapeMarkdownAlt, normalizeCaption } from '../markdown/escapeAlt';
import type { MarkupDialect } from './markupDialect';

/**
 * The text that puts an image in a document: `![alt](src)` in Markdown and MDX, `<img src alt>` in
 * HTML, the alt escaped exactly as the scanner's own edits escape it, so that a scan reads back
 * the caption. Without a caption the image gets no alt text at all (`![](src)`, `<img src>`), which
 * the diagnostics report as missing; never `alt=""`, which would declare it decorative.
 */
export function imageMarkup(dialect: MarkupDialect, src: string, caption: string | undefined): string {
  const alt = caption === undefined ? '' : normalizeCaption(caption);
  if (dialect === 'html')
    return alt
      ? `<img src="${escapeAttributeValue(src, '"', false)}" alt="${escapeAttributeValue(alt, '"', false)}">`
      : `<img src="${escapeAttributeValue(src, '"', false)}">`;
  return `![${escapeMarkdownAlt(alt, dialect)}](${src})`;
}

/**
 * The source to write for `filePath` in the document at `documentPath`: relative to the document's
 * folder, with `/` separators, percent-encoded where a Markdown link destination or a URL would
 * read a character otherwise (blanks, brackets, `#` and `?`, non-ASCII kept as UTF-8 escapes).
 */
export function linkPath(documentPath: string, filePath: string): string {
  const relative = path.posix.relative(path.posix.dirname(documentPath), filePath);
  return relative
    .split('/')
    .map((segment) => encodeURI(segment).replace(/[()#?[\]<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`))
    .join('/');
}
