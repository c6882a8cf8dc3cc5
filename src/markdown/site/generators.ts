import * as path from 'node:path';
import { emptyProfile, normalizeBasePath, originOf, type Generator, type MountedFolder, type SiteProfile } from './siteProfile';
import { isDirectory, isFile, readDataFile, readText, stringList, stringOr } from './readConfig';

const at = (folder: string, url = '/'): MountedFolder => ({ folder, url: normalizeBasePath(url) });

/** What a one-folder generator's configuration says: the folder, and the URLs the site is served under. */
interface OneFolderSettings {
  folder: string;
  /** Where the base path comes from: a path or a full URL. */
  basePath: unknown;
  /** A full URL, for the origin. */
  siteUrl: unknown;
}

/** A generator that serves one folder, pages and files alike, as it is; the configuration is read once. */
function oneFolderSite(
  generator: Generator,
  root: string,
  configFile: string,
  settingsOf: (config: Record<string, unknown>) => OneFolderSettings,
): { site: SiteProfile; config: Record<string, unknown> } {
  const site = emptyProfile(generator, root, configFile);
  const config = readDataFile(configFile, site.warnings) ?? {};
  const { folder, basePath, siteUrl } = settingsOf(config);
  site.staticDirs = [at(folder)];
  site.contentDirs = [at(folder)];
  site.basePath = normalizeBasePath(basePath);
  site.origin = originOf(siteUrl);
  return { site, config };
}

/** Jekyll: everything in `source` that is not a `_folder` is copied to the site as it is. */
export function jekyllSite(root: string, configFile: string): SiteProfile {
  const { site } = oneFolderSite('jekyll', root, configFile, (config) => ({
    folder: path.resolve(root, stringOr(config.source, '.')),
    basePath: config.baseurl,
    siteUrl: config.url,
  }));
  site.liquid = true;
  return site;
}

const HUGO_CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];

/** The Hugo configuration file of a folder, if it has one: `hugo.*`, `config.*`, or `config/_default/`. */
export function hugoConfigFile(folder: string): string | undefined {
  for (const name of HUGO_CONFIG_NAMES) {
    const file = path.join(folder, name);
    // `config.*` is a common name; count it as Hugo's only beside a Hugo site's folders.
    if (
      isFile(file) &&
      (name.startsWith('hugo.') || ['content', 'layouts', 'themes', 'archetypes'].some((d) => isDirectory(path.join(folder, d))))
    )
      return file;
  }
  for (const name of HUGO_CONFIG_NAMES) {
    const file = path.join(folder, 'config', '_default', name);
    if (isFile(file)) return file;
  }
  return undefined;
}

interface HugoMount {
  source: string;
  target: string;
}

/**
 * Hugo: `static` (or `staticDir`), the themes' `static`, and module mounts onto `static/…` are
 * served at the site root; `assets` and `content` hold resources the figure shortcode and render
 * hooks look up by the same path. Page URLs are directories (`content/a/b.md` is `/a/b/`).
 */
export function hugoSite(root: string, configFile: string): SiteProfile {
  const site = emptyProfile('hugo', root, configFile);
  const config = readDataFile(configFile, site.warnings) ?? {};
  const value = (key: string): unknown => config[key] ?? config[key.toLowerCase()];
  site.basePath = normalizeBasePath(value('baseURL'));
  site.origin = originOf(value('baseURL'));
  site.pageUrls = value('uglyURLs') === true ? 'file' : 'directory';
  const module = (config.module ?? {}) as { mounts?: unknown };
  const mounts: HugoMount[] = Array.isArray(module.mounts)
    ? module.mounts.flatMap((m: unknown) =>
        m && typeof m === 'object' && typeof (m as HugoMount).source === 'string' && typeof (m as HugoMount).target === 'string'
          ? [m as HugoMount]
          : [],
      )
    : [];
  const mounted = (component: string, defaults: string[]): MountedFolder[] => {
    const own = mounts.filter((m) => m.target === component || m.target.startsWith(`${component}/`));
    // Mounting a component folder replaces Hugo's default for it.
    if (own.length) return own.map((m) => at(path.resolve(root, m.source), m.target.slice(component.length) || '/'));
    return defaults.map((d) => at(path.resolve(root, d)));
  };
  const themesDir = stringOr(value('themesDir'), 'themes');
  const themes = stringList(value('theme')).map((t) => path.resolve(root, themesDir, t));
  site.staticDirs = [
    ...mounted('static', stringList(value('staticDir')).length ? stringList(value('staticDir')) : ['static']),
    ...themes.map((t) => at(path.join(t, 'static'))),
    ...mounted('assets', [stringOr(value('assetDir'), 'assets')]),
    ...themes.map((t) => at(path.join(t, 'assets'))),
  ];
  site.contentDirs = mounted('content', [stringOr(value('contentDir'), 'content')]);
  return site;
}

const JS_COMMENTS = /\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm;

/** A string literal given to `key:` in JavaScript source, read without running it. */
function literalFor(source: string, pattern: string): string | undefined {
  const match = new RegExp(`${pattern}\\s*:\\s*(["'\`])([^"'\`]*)\\1`).exec(source);
  return match?.[2];
}

function literalsIn(list: string): string[] {
  return [...list.matchAll(/(["'`])([^"'`]*)\1/g)].map((m) => m[2]);
}

/**
 * Docusaurus, from `docusaurus.config.*` read as text (never run): `staticDirectories` (default
 * `static`), `baseUrl`, `url`, the docs plugin's `path` (default `docs`), the blog's, and
 * `markdown.format` (`.md` is MDX unless it is `md` or `detect`). `@site/` is the site folder.
 */
export function docusaurusSite(root: string, configFile: string): SiteProfile {
  const site = emptyProfile('docusaurus', root, configFile);
  const source = (readText(configFile, site.warnings) ?? '').replace(JS_COMMENTS, '');
  const baseUrl = literalFor(source, '\\bbaseUrl');
  if (baseUrl === undefined && /\bbaseUrl\s*:/.test(source))
    site.warnings.push(`${configFile}: baseUrl is not a string literal; "/" is assumed`);
  site.basePath = normalizeBasePath(baseUrl);
  site.origin = originOf(literalFor(source, '\\burl'));
  const staticList = /\bstaticDirectories\s*:\s*\[([^\]]*)\]/.exec(source)?.[1];
  site.staticDirs = (staticList !== undefined ? literalsIn(staticList) : ['static']).map((d) => at(path.resolve(root, d)));
  const docsPath = /\bdocs\s*:\s*\{[^}]*?\bpath\s*:\s*(["'`])([^"'`]+)\1/.exec(source)?.[2] ?? 'docs';
  const blogPath = /\bblog\s*:\s*\{[^}]*?\bpath\s*:\s*(["'`])([^"'`]+)\1/.exec(source)?.[2] ?? 'blog';
  site.contentDirs = [docsPath, blogPath, 'src/pages'].map((d) => at(path.resolve(root, d)));
  const format = /\bmarkdown\s*:\s*\{[^}]*?\bformat\s*:\s*(["'`])(\w+)\1/.exec(source)?.[2];
  site.markdownAsMdx = format !== 'md' && format !== 'detect';
  return site;
}

const PYTHON_MARKDOWN_BLOCKS = /^(?:admonition|pymdownx\.details|pymdownx\.tabbed|pymdownx\.blocks\..+|callouts|mkdocs-callouts)$/;

/**
 * MkDocs: `docs_dir` (default `docs`) is both the pages and what is served; with
 * `use_directory_urls` (the default) `a/b.md` is `/a/b/`, which raw HTML's relative sources count
 * from. Admonitions, details and tabs (Python-Markdown extensions) hold Markdown in indented bodies.
 */
export function mkdocsSite(root: string, configFile: string): SiteProfile {
  const { site, config } = oneFolderSite('mkdocs', root, configFile, (config) => ({
    folder: path.resolve(root, stringOr(config.docs_dir, 'docs')),
    basePath: config.site_url,
    siteUrl: config.site_url,
  }));
  site.pageUrls = config.use_directory_urls === false ? 'file' : 'directory';
  const extensions = Array.isArray(config.markdown_extensions)
    ? config.markdown_extensions.flatMap((e: unknown) => (typeof e === 'string' ? [e] : e && typeof e === 'object' ? Object.keys(e) : []))
    : [];
  site.indentedMarkdownBlocks = extensions.some((e) => PYTHON_MARKDOWN_BLOCKS.test(e));
  return site;
}

const VITEPRESS_CONFIG_NAMES = ['config.ts', 'config.mts', 'config.js', 'config.mjs', 'config.cts', 'config.cjs'];

export function vitepressConfigFile(folder: string): string | undefined {
  for (const name of VITEPRESS_CONFIG_NAMES) {
    const file = path.join(folder, '.vitepress', name);
    if (isFile(file)) return file;
  }
  return undefined;
}

/**
 * VitePress, from `.vitepress/config.*` read as text: `srcDir` (default the folder holding
 * `.vitepress`), its `public/` served at the root (or `vite.publicDir`), and `base`.
 */
export function vitepressSite(root: string, configFile: string): SiteProfile {
  const site = emptyProfile('vitepress', root, configFile);
  const source = (readText(configFile, site.warnings) ?? '').replace(JS_COMMENTS, '');
  const srcDir = path.resolve(root, literalFor(source, '\\bsrcDir') ?? '.');
  const publicDir = literalFor(source, '\\bpublicDir');
  site.staticDirs = [at(publicDir ? path.resolve(srcDir, publicDir) : path.join(srcDir, 'public')), at(srcDir)];
  site.contentDirs = [at(srcDir)];
  site.basePath = normalizeBasePath(literalFor(source, '\\bbase'));
  return site;
}

/** Quarto: sources are relative to the document, or to the project folder when they start with `/`. */
export function quartoSite(root: string, configFile: string): SiteProfile {
  const { site } = oneFolderSite('quarto', root, configFile, (config) => {
    const website = (config.website ?? {}) as Record<string, unknown>;
    return { folder: root, basePath: website['site-url'], siteUrl: website['site-url'] };
  });
  return site;
}
