/** Which syntax an image reference was written in; also the CLI's `syntax` field. */
export type ImageSyntax = 'markdown-inline' | 'markdown-reference' | 'markdown-html' | 'mdx' | 'html';

/** What the existing alt text says about the image. */
export type AltState = 'missing' | 'empty' | 'placeholder' | 'decorative' | 'ok';

/** Which parser a document goes through. */
export type DocumentKind = 'markdown' | 'mdx' | 'html';

/** Half-open range of UTF-16 offsets into the document text, as VS Code and JavaScript strings count. */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface ImageRef {
  /** The whole image construct: `![alt](src)`, `![alt][id]`, `<img ...>`. */
  range: OffsetRange;
  syntax: ImageSyntax;
  /** The source as written (for reference images, the definition's destination), unescaped. */
  src: string;
  /** The alt text as it means (escapes and entities decoded), or null when there is no alt at all. */
  alt: string | null;
  altState: AltState;
  /** Why the alt is a placeholder (e.g. "equals the file name"), for diagnostics. */
  reason?: string;
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
