import * as path from 'node:path';
import picomatch from 'picomatch';
import { documentKindFor } from '../documentKind';
import type { ScanOptions } from '../scanOptions';
import type { DocumentKind, ResolvedSource } from '../types';
import { SiteFinder } from './findSite';
import type { RuleSettings } from '../../rules/config';
import type { ProjectConfig } from './projectConfig';
import type { SiteProfile } from './siteProfile';
import { resolveSiteSource } from './siteSource';

export interface ProjectContextOptions {
  workspaceRoots: string[];
  /** Folders for root-relative sources named by the writer (CLI `--site-root`, the setting), tried first. */
  siteRoots?: string[];
  config?: ProjectConfig;
  /** Scan options from elsewhere (settings); the project configuration adds to them. */
  scan?: ScanOptions;
  allowOutsideWorkspace?: boolean;
}

/**
 * What the project says about each document: which parser reads it (the configuration's dialects,
 * then the site: Docusaurus reads `.md` as MDX), how (Liquid, MDX image components), and where its
 * images are (the writer's site roots, then the site's configuration). The CLI and the extension
 * share it.
 */
export class ProjectContext {
  private readonly finder?: SiteFinder;
  private readonly dialects: Array<{ matches: (relative: string) => boolean; kind: DocumentKind }>;
  private readonly siteRoots: string[];

  constructor(private readonly options: ProjectContextOptions) {
    const { config } = options;
    this.finder = config?.generator === 'none' ? undefined : new SiteFinder(options.workspaceRoots);
    this.dialects = (config?.dialects ?? []).map(({ glob, kind }) => {
      const match = picomatch(glob, { dot: true, basename: !glob.includes('/') });
      return { matches: match, kind };
    });
    this.siteRoots = [...(options.siteRoots ?? []), ...(config?.siteRoots ?? [])];
  }

  siteFor(file: string): SiteProfile | undefined {
    return this.finder?.siteFor(file);
  }

  kindFor(file: string): DocumentKind | undefined {
    const kind = documentKindFor(file);
    const config = this.options.config;
    if (config && this.dialects.length) {
      const relative = path.relative(path.dirname(config.file), path.resolve(file)).split(path.sep).join('/');
      const override = this.dialects.find((d) => d.matches(relative));
      if (override) return override.kind;
    }
    if (kind === 'markdown' && /\.md$/i.test(file) && this.siteFor(file)?.markdownAsMdx) return 'mdx';
    return kind;
  }

  scanOptionsFor(file: string): ScanOptions {
    const { config, scan } = this.options;
    const site = this.siteFor(file);
    const options: ScanOptions = { ...scan };
    if (config?.findings.extraPlaceholders)
      options.extraPlaceholders = [...(options.extraPlaceholders ?? []), ...config.findings.extraPlaceholders];
    if (config?.findings.emptyMarkdownAltIsDecorative !== undefined)
      options.emptyMarkdownAlt = config.findings.emptyMarkdownAltIsDecorative ? 'decorative' : 'missing';
    if (config?.mdxComponents) options.mdxImageComponents = config.mdxComponents;
    if (site?.liquid) options.liquid = true;
    if (site?.indentedMarkdownBlocks) options.indentedMarkdownBlocks = true;
    if (site?.generator === 'mkdocs') options.pandocAttributes = false;
    return options;
  }

  resolve(src: string, file: string): ResolvedSource {
    return resolveSiteSource(src, file, {
      workspaceRoots: this.options.workspaceRoots,
      siteRoots: this.siteRoots.length ? this.siteRoots : undefined,
      allowOutsideWorkspace: this.options.allowOutsideWorkspace,
      site: this.siteFor(file),
    });
  }

  /** The project configuration's `rules`, for the editor's diagnostics (the CLI reads the configuration itself). */
  ruleSettings(): RuleSettings | undefined {
    return this.options.config?.rules;
  }

  /** Problems met reading the sites' configurations, each once. */
  warnings(): string[] {
    return (this.finder?.sites() ?? []).flatMap((site) => site.warnings);
  }
}
