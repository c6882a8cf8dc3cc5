import type { DocumentKind } from './types';

const KIND_BY_EXTENSION = new Map<string, DocumentKind>([
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  // Quarto documents are Pandoc Markdown: CommonMark images plus attributes (`{fig-alt="..."}`).
  ['.qmd', 'markdown'],
  ['.adoc', 'asciidoc'],
  ['.asciidoc', 'asciidoc'],
  ['.mdx', 'mdx'],
  ['.html', 'html'],
  ['.htm', 'html'],
]);

/** Which parser a file goes through, by its extension; undefined for files we do not scan. */
export function documentKindFor(filePath: string): DocumentKind | undefined {
  const name = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : KIND_BY_EXTENSION.get(name.slice(dot).toLowerCase());
}
