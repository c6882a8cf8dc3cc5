import type { ScanLimits } from './scanBudget';

export interface ScanOptions {
  /** What an empty Markdown alt (`![](x)`) means; 'missing' unless the writer says otherwise. */
  emptyMarkdownAlt?: 'missing' | 'decorative';
  /** More alt texts to treat as placeholders, compared case-insensitively. */
  extraPlaceholders?: string[];
  /** Limits on the work one document may cost (see scanBudget.ts); the defaults suit any real document. */
  limits?: ScanLimits;
}
