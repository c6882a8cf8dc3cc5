import { types } from 'micromark-util-symbol';
import type { TokenType } from 'micromark-util-types';

/**
 * The token types of micromark's extensions that the scanner reads. CommonMark's own come from
 * micromark-util-symbol's `types`; the extensions declare theirs only as TypeScript types, so their
 * names are written once here (test/unit/markdown/micromarkInternals.test.ts checks each is what
 * the extension emits).
 */
export const extensionTypes = {
  gfmFootnoteCall: 'gfmFootnoteCall',
  tableContent: 'tableContent',
  literalAutolinkWww: 'literalAutolinkWww',
  literalAutolinkHttp: 'literalAutolinkHttp',
  literalAutolinkEmail: 'literalAutolinkEmail',
  strikethrough: 'strikethrough',
  table: 'table',
  tableRow: 'tableRow',
  tableHeader: 'tableHeader',
  tableData: 'tableData',
} as const satisfies Record<string, TokenType>;

/** Front matter's types come from an extension that does not declare them at all. */
export const frontMatterTypes = { yaml: 'yaml', toml: 'toml' } as const;

export { types };
