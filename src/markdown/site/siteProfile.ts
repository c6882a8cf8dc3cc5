/** The site generators whose configuration decides where images are served from. */
export type Generator = 'jekyll' | 'hugo' | 'docusaurus' | 'mkdocs' | 'vitepress' | 'quarto';

export interface MountedFolder {
  folder: string;
  /** The URL path the folder is served at, with slashes at both ends. */
  url: string;
}

/** What a site's configuration says about its images, as absolute paths. */
export interface SiteProfile {
  generator: Generator;
  /** The folder that holds the configuration file. */
  root: string;
  configFile: string;
  /**
   * Folders whose files the site serves, each at a URL path (`/`, or `/images/` for a Hugo mount),
   * in the order the generator looks into them: `/img/a.png` is `<folder>/img/a.png` in the first
   * that has it.
   */
  staticDirs: MountedFolder[];
  /** Folders the pages come from (Hugo content, MkDocs docs_dir, Docusaurus docs, VitePress srcDir). */
  contentDirs: MountedFolder[];
  /** The path all the site's URLs start with (Docusaurus baseUrl, Jekyll baseurl, Hugo baseURL, VitePress base): `/` or `/docs/`. */
  basePath: string;
  /** The site's own origin (`https://example.com`), when the configuration gives one. */
  origin?: string;
  /** Docusaurus reads `.md` as MDX unless `markdown.format` says otherwise. */
  markdownAsMdx: boolean;
  /** Liquid (`{{ site.baseurl }}`, `{% link %}`) is expanded before Markdown is read (Jekyll). */
  liquid: boolean;
  /** Python-Markdown blocks whose indented bodies are Markdown (MkDocs admonitions, details, tabs). */
  indentedMarkdownBlocks: boolean;
  /**
   * How a page's URL is made from its file, for sources relative to the page's URL rather than its
   * file: raw HTML in MkDocs pages, Hugo pages that are not bundles. Absent when the two agree.
   */
  pageUrls?: 'directory' | 'file';
  /** Problems reading the configuration, for the writer. */
  warnings: string[];
}

export function emptyProfile(generator: Generator, root: string, configFile: string): SiteProfile {
  return {
    generator,
    root,
    configFile,
    staticDirs: [],
    contentDirs: [],
    basePath: '/',
    markdownAsMdx: false,
    liquid: false,
    indentedMarkdownBlocks: false,
    warnings: [],
  };
}

/** `/docs`, `docs/`, `https://x.org/docs` → `/docs/`; empty → `/`. */
export function normalizeBasePath(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) return '/';
  let pathPart = value.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(.*)$/i.exec(pathPart);
  if (url) pathPart = url[1];
  if (!pathPart.startsWith('/')) pathPart = '/' + pathPart;
  if (!pathPart.endsWith('/')) pathPart += '/';
  return pathPart;
}

/** `https://x.org/docs/` → `https://x.org`. */
export function originOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^(https?:\/\/[^/]+)/i.exec(value.trim())?.[1]?.toLowerCase();
}
