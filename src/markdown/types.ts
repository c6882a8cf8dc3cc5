/** Which syntax an image reference was written in; also the CLI's `syntax` field. */
export type ImageSyntax =
  | 'markdown-inline'
  | 'markdown-reference'
  | 'markdown-html'
  | 'mdx'
  | 'html'
  | 'hugo-figure'
  | 'pandoc-attr'
  | 'myst'
  | 'learn-image'
  | 'asciidoc';

/** What the existing alt text says about the image. */
export type AltState = 'missing' | 'empty' | 'placeholder' | 'decorative' | 'ok';

/** Which parser a document goes through. */
export type DocumentKind = 'markdown' | 'mdx' | 'html' | 'asciidoc';

/** Half-open range of UTF-16 offsets into the document text, as VS Code and JavaScript strings count. */
export interface OffsetRange {
  start: number;
  end: number;
}

/**
 * Where the alt text of a Markdown image (`![alt](src)`, `![alt][id]`) sits, so that an edit needs
 * no second parse.
 */
export interface MarkdownAltSite {
  kind: 'markdown';
  /** MDX text needs `{` and `}` escaped too, and records decorative intent with a JSX comment. */
  dialect: 'markdown' | 'mdx';
  /** The raw text between `![` and `]` (empty range right after `![` when the alt is empty). */
  label: OffsetRange;
  /**
   * For reference images: how the reference was written and its raw label. Collapsed (`![a][]`)
   * and shortcut (`![a]`) references take their definition from the alt text itself, so a new alt
   * has to spell the reference out.
   */
  reference?: { type: 'full' | 'collapsed' | 'shortcut'; rawLabel: string };
  /** The decorative marker that follows the image, when there is one. */
  decorativeMarker?: OffsetRange;
}

/** Where the alt attribute of an HTML `<img>` or a JSX `<img>`/`<Image>` sits, or would go. */
export interface AttributeAltSite {
  kind: 'attribute';
  /** JSX attributes may hold `{expressions}`; HTML ones may be unquoted. */
  dialect: 'html' | 'jsx';
  /** The whole `alt=...` attribute, when present. */
  attribute?: OffsetRange;
  /**
   * The value as written: the text between the quotes, the unquoted value, or the `{expression}`
   * with its braces. Absent for a bare `alt` with no value.
   */
  value?: { range: OffsetRange; quote: '"' | "'" | '' | '{' };
  /** Where a new ` alt="..."` goes when there is no alt attribute: after `src`, else after the last attribute or the tag name. */
  insertAt: number;
  /** The new attribute goes before the one at `insertAt` (`alt="..." src=a.png/`), not after. */
  insertBefore?: boolean;
}

/**
 * Where the alt text of a site generator's own image syntax sits: a Hugo shortcode parameter, a
 * Pandoc `fig-alt`, a MyST `:alt:` option, a Microsoft Learn `alt-text`, an AsciiDoc macro's alt.
 */
export interface DirectiveAltSite {
  kind: 'directive';
  /** Decides how a caption is quoted and escaped. */
  dialect: 'hugo' | 'pandoc' | 'myst' | 'learn' | 'asciidoc';
  /** What the construct starts with; an edit checks it is still there. */
  opening: string;
  /** The alt value as written, without its quotes. Absent when there is no alt. */
  value?: { range: OffsetRange; quote: '"' | "'" | '`' | '' };
  /** Where a new alt goes when there is none, and what surrounds the quoted caption there. */
  insert: { at: number; before: string; after: string };
}

export type AltSite = MarkdownAltSite | AttributeAltSite | DirectiveAltSite;

export interface ImageRef {
  /** The whole image construct: `![alt](src)`, `![alt][id]`, `<img ...>`, a JSX element. */
  range: OffsetRange;
  syntax: ImageSyntax;
  /** The source as written (for reference images, the definition's destination), unescaped. */
  src: string;
  /** The alt text as it means (escapes and entities decoded), or null when there is no alt at all. */
  alt: string | null;
  altState: AltState;
  /** Why the alt is a placeholder (e.g. "equals the file name"), for diagnostics. */
  reason?: string;
  /** Where the alt text lives in the source; set by the scanner, used by the edit functions. */
  altSite?: AltSite;
  /** What surrounds the image, for the rules that judge alt text in context; set by the scanner. */
  context?: ImageContext;
}

/** What surrounds an image in its document. Absent fields mean "not there" (or not known for that syntax). */
export interface ImageContext {
  /**
   * The link or button the image sits in (Markdown `[![alt](src)](href)`, HTML `<a href>` or
   * `<button>`, JSX `<a>`/`<Link>`). `text` is the other visible text inside it, trimmed and with
   * white space collapsed: empty when the image is the link's whole content.
   */
  link?: { kind: 'link' | 'button'; href: string | null; text: string };
  /** The image's own title (Markdown `"title"`, HTML and JSX `title=`). */
  title?: string;
  /** The caption shown with the image: `<figcaption>`, a figure shortcode's or directive's caption. */
  caption?: string;
  /** Width and height in CSS pixels, as the markup gives them (attributes, `{width=...}`), when it does. */
  size?: { width?: number; height?: number };
  /** The image shares its paragraph, line or inline run with visible text (an icon beside words). */
  besideText?: boolean;
}

export interface ResolvedSource {
  kind: 'file' | 'remote' | 'data' | 'unresolved';
  /** Absolute file path, URL, or null. */
  resolved: string | null;
  exists: boolean;
  remote: boolean;
  /** Set when the source cannot be used, e.g. outside the workspace roots. */
  problem?: string;
}

/** A replacement of `range` in the document text by `newText`. */
export interface TextEdit {
  range: OffsetRange;
  newText: string;
}
