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
}

export const DEFAULT_MDX_IMAGE_COMPONENTS: readonly string[] = ['img', 'Image', 'ThemedImage'];
