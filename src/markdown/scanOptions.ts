import type { ScanLimits } from './scanBudget';

export interface ScanOptions {
  /** What an empty Markdown alt (`![](x)`) means; 'missing' unless the writer says otherwise. */
  emptyMarkdownAlt?: 'missing' | 'decorative';
  /** More alt texts to treat as placeholders, compared case-insensitively. */
  extraPlaceholders?: string[];
  /**
   * The JSX elements that render an image in MDX, by name; `img`, `Image` (next/image,
   * astro:assets) and Docusaurus's `ThemedImage` unless configured otherwise.
   */
  mdxImageComponents?: readonly string[];
  /** Liquid is filled in before Markdown is read (Jekyll): `![a]({{ site.baseurl }}/a.png)` is an image. */
  liquid?: boolean;
  /**
   * Python-Markdown blocks (MkDocs admonitions `!!! note`, details `??? note`, tabs `=== "Tab"`)
   * hold Markdown in their indented bodies, which CommonMark would read as code.
   */
  indentedMarkdownBlocks?: boolean;
  /**
   * Whether `{…}` right after an image is a Pandoc/Quarto attribute block (`fig-alt`); true unless
   * the site reads it otherwise (MkDocs' attr_list, where `fig-alt` would mean nothing).
   */
  pandocAttributes?: boolean;
  /** Limits on the work one document may cost (see scanBudget.ts); the defaults suit any real document. */
  limits?: ScanLimits;
}

export const DEFAULT_MDX_IMAGE_COMPONENTS: readonly string[] = ['img', 'Image', 'ThemedImage'];
