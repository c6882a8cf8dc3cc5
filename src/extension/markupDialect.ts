export type MarkupDialect = 'markdown' | 'mdx' | 'html';

/** Which markup an image is written in, by the document's language and, for files without one of ours, its name. */
export function markupDialect(languageId: string, documentPath: string): MarkupDialect {
  if (languageId === 'html' || /\.html?$/i.test(documentPath)) return 'html';
  return languageId === 'mdx' || /\.mdx$/i.test(documentPath) ? 'mdx' : 'markdown';
}
