import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveSource, type ResolveOptions } from '../resolveSource';
import type { ResolvedSource } from '../types';
import type { MountedFolder, SiteProfile } from './siteProfile';
import { decodeUriComponentOrKeep } from '../decodeUri';

export interface SiteResolveOptions extends ResolveOptions {
  /** The site the document belongs to; without one, sources resolve as resolveSource does. */
  site?: SiteProfile;
}

/**
 * Where an image's source points, knowing the site: templated sources are filled in as the
 * generator fills them (`{{ site.baseurl }}`, `relative_url`, `{% link %}`, `@site/`,
 * `pathname://`), the site's base URL and own origin are taken off, and root-relative paths are
 * looked up in the folders the site serves. A relative source that is not beside the document is
 * looked up from the page's URL where the generator makes one that differs (MkDocs raw HTML, Hugo).
 * Folders named in `siteRoots` are tried before the site's own.
 */
export function resolveSiteSource(src: string, documentPath: string, options: SiteResolveOptions): ResolvedSource {
  const { site } = options;
  if (!site) return resolveSource(src, documentPath, options);
  let written = src.trim();
  if (site.liquid) written = expandLiquid(written, site);
  if (site.generator === 'docusaurus') {
    if (written.startsWith('@site/'))
      return resolveSource(pathToFileURL(path.join(site.root, written.slice('@site/'.length))).href, documentPath, options);
    if (written.startsWith('pathname://')) written = written.slice('pathname://'.length);
  }
  if (site.origin && written.toLowerCase().startsWith(site.origin + '/')) written = written.slice(site.origin.length);
  if (written.startsWith('/') && !written.startsWith('//')) return rootRelative(withoutBase(written, site), documentPath, site, options);

  const plain = resolveSource(written, documentPath, options);
  if (plain.exists || plain.kind !== 'file' || !site.pageUrls) return plain;
  const pageUrl = pageUrlOf(documentPath, site);
  if (!pageUrl) return plain;
  const fromPage = new URL(written, `https://site.invalid${pageUrl}`).pathname;
  const found = rootRelative(fromPage, documentPath, site, options);
  return found.exists ? found : plain;
}

function rootRelative(urlPath: string, documentPath: string, site: SiteProfile, options: ResolveOptions): ResolvedSource {
  const folders: MountedFolder[] = [
    ...(options.siteRoots ?? []).map((folder) => ({ folder, url: '/' })),
    ...site.staticDirs,
    ...site.contentDirs,
  ];
  const decodedPath = decodeUriComponentOrKeep(urlPath.replace(/[?#].*$/s, ''));
  for (const { folder, url } of folders) {
    if (!decodedPath.startsWith(url)) continue;
    const found = resolveSource('/' + decodedPath.slice(url.length), documentPath, { ...options, siteRoots: [folder] });
    if (found.exists) return found;
  }
  // Not found: report it under the first folder the site serves.
  const first = site.staticDirs[0]?.folder ?? site.root;
  return resolveSource(urlPath, documentPath, { ...options, siteRoots: [first] });
}

function withoutBase(urlPath: string, site: SiteProfile): string {
  return site.basePath !== '/' && urlPath.startsWith(site.basePath) ? urlPath.slice(site.basePath.length - 1) : urlPath;
}

// Jekyll renders Liquid before Markdown: `{{ site.url }}{{ site.baseurl }}/a.png`,
// `{{ '/a.png' | relative_url }}`, `{{ "/a.png" | prepend: site.baseurl }}`, `{% link a.png %}`.
function expandLiquid(src: string, site: SiteProfile): string {
  if (!src.includes('{')) return src;
  const base = site.basePath.replace(/\/$/, '');
  return src
    .replace(/\{\{-?\s*site\.url\s*-?\}\}/g, '')
    .replace(/\{\{-?\s*site\.baseurl\s*-?\}\}/g, base)
    .replace(
      /\{\{-?\s*(["'])([^"']*)\1\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}/g,
      (_, _q: string, value: string) => `${base}/${value.replace(/^\//, '')}`,
    )
    .replace(/\{\{-?\s*(["'])([^"']*)\1\s*\|\s*prepend:\s*site\.baseurl\s*-?\}\}/g, (_, _q: string, value: string) => `${base}${value}`)
    .replace(/\{%-?\s*link\s+(\S+?)\s*-?%\}/g, (_, value: string) => `${base}/${value.replace(/^\//, '')}`);
}

/** The URL path of a page, from its file under one of the site's content folders. */
export function pageUrlOf(documentPath: string, site: SiteProfile): string | undefined {
  const document = path.resolve(documentPath);
  for (const { folder, url } of site.contentDirs) {
    const relative = path.relative(folder, document);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const parts = relative.split(path.sep);
    const name = parts.pop()!.replace(/\.[^.]+$/, '');
    if (site.pageUrls === 'file') return `${url}${[...parts, `${name}.html`].join('/')}`;
    // `index.md`, `_index.md` and `README.md` are their folder's page.
    const page = /^(?:_?index|readme)$/i.test(name) ? parts : [...parts, name];
    return `${url}${page.map((p) => p + '/').join('')}`;
  }
  return undefined;
}
