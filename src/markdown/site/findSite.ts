import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  docusaurusSite,
  hugoConfigFile,
  hugoSite,
  jekyllSite,
  mkdocsSite,
  quartoSite,
  vitepressConfigFile,
  vitepressSite,
} from './generators';
import { isFile } from './readConfig';
import type { SiteProfile } from './siteProfile';

const DOCUSAURUS_CONFIGS = [
  'docusaurus.config.js',
  'docusaurus.config.ts',
  'docusaurus.config.mjs',
  'docusaurus.config.cjs',
  'docusaurus.config.mts',
];

/** The site whose configuration file is in `folder`, if any; the first generator found wins. */
export function siteAt(folder: string): SiteProfile | undefined {
  const first = (names: string[]): string | undefined => names.map((n) => path.join(folder, n)).find(isFile);
  let file: string | undefined;
  if ((file = first(DOCUSAURUS_CONFIGS))) return docusaurusSite(folder, file);
  if ((file = vitepressConfigFile(folder))) return vitepressSite(folder, file);
  if ((file = hugoConfigFile(folder))) return hugoSite(folder, file);
  if ((file = first(['mkdocs.yml', 'mkdocs.yaml']))) return mkdocsSite(folder, file);
  if ((file = first(['_quarto.yml', '_quarto.yaml']))) return quartoSite(folder, file);
  if ((file = first(['_config.yml', '_config.yaml']))) return jekyllSite(folder, file);
  return undefined;
}

/**
 * Finds the site each document belongs to: the nearest folder at or above the document, up to its
 * workspace root, with a generator's configuration file. A site whose configuration sits in a
 * folder of its own (`website/docusaurus.config.js` with `path: '../docs'`) claims the documents
 * in its docs folders too. Each folder is looked at once.
 */
export class SiteFinder {
  private readonly byFolder = new Map<string, SiteProfile | undefined>();
  private nearby?: SiteProfile[];

  constructor(private readonly workspaceRoots: readonly string[]) {}

  siteFor(documentPath: string): SiteProfile | undefined {
    const document = path.resolve(documentPath);
    const root = this.workspaceRoots
      .map((r) => path.resolve(r))
      .filter((r) => within(document, r))
      .sort((a, b) => b.length - a.length)[0];
    for (let folder = path.dirname(document); ; folder = path.dirname(folder)) {
      const site = this.cached(folder);
      if (site) return site;
      if (folder === root || path.dirname(folder) === folder || root === undefined) break;
    }
    return this.nearbySites().find((site) => [...site.contentDirs, ...site.staticDirs].some((m) => within(document, m.folder)));
  }

  /** Every site met so far, for reporting their warnings once. */
  sites(): SiteProfile[] {
    const seen = new Set<SiteProfile>();
    for (const site of this.byFolder.values()) if (site) seen.add(site);
    for (const site of this.nearby ?? []) seen.add(site);
    return [...seen];
  }

  private cached(folder: string): SiteProfile | undefined {
    if (!this.byFolder.has(folder)) this.byFolder.set(folder, siteAt(folder));
    return this.byFolder.get(folder);
  }

  // Sites configured in a folder right under a workspace root (`website/`, `site/`).
  private nearbySites(): SiteProfile[] {
    if (this.nearby) return this.nearby;
    this.nearby = [];
    for (const root of this.workspaceRoots) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(root, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const site = this.cached(path.join(path.resolve(root), entry.name));
        if (site) this.nearby.push(site);
      }
    }
    return this.nearby;
  }
}

function within(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
