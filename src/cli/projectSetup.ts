import * as path from 'node:path';
import { findProjectConfig, loadProjectConfig, ProjectConfigError, ProjectContext, type ProjectConfig } from '../markdown';
import { collectDocuments, projectRoots } from '../fix';
import { UsageError, withUsageErrors } from './errors';

export interface ProjectArguments {
  /** `--config FILE`; without it the nearest `.localalttext.*` at or above the current folder. */
  config?: string;
  /** `--site-root DIR`, relative to the current folder. */
  siteRoots: string[];
  /** `--allow-outside`: images outside the project root may be read. */
  allowOutside?: boolean;
}

export interface ProjectSetup {
  project: ProjectContext;
  config?: ProjectConfig;
  /** The configuration's include and exclude globs, made relative to the current folder. */
  include: string[];
  exclude: string[];
}

/** The project configuration and site knowledge a check or fix runs with. */
export function projectSetup(args: ProjectArguments, cwd: string, workspaceRoots: string[]): ProjectSetup {
  const file = args.config !== undefined ? path.resolve(cwd, args.config) : findProjectConfig(cwd);
  let config: ProjectConfig | undefined;
  try {
    config = file ? loadProjectConfig(file) : undefined;
  } catch (error) {
    if (error instanceof ProjectConfigError) throw new UsageError(error.message);
    throw error;
  }
  const project = new ProjectContext({
    workspaceRoots,
    siteRoots: args.siteRoots.map((root) => path.resolve(cwd, root)),
    config,
    allowOutsideWorkspace: args.allowOutside,
  });
  const fromConfig = (globs: string[]): string[] => globs.map((glob) => relativeGlob(glob, config!, cwd));
  return { project, config, include: config ? fromConfig(config.include) : [], exclude: config ? fromConfig(config.exclude) : [] };
}

// A glob with a slash speaks of paths from the configuration's folder; one without, of file names.
function relativeGlob(glob: string, config: ProjectConfig, cwd: string): string {
  if (!glob.includes('/')) return glob;
  const prefix = path.relative(cwd, path.dirname(config.file)).split(path.sep).join('/');
  return prefix ? `${prefix}/${glob.replace(/^\.\//, '')}` : glob.replace(/^\.\//, '');
}

/** What a check or fix is asked to walk: the paths, their root, and the command line's globs. */
export interface DocumentArguments extends ProjectArguments {
  paths: string[];
  root?: string;
  include: string[];
  exclude: string[];
}

/**
 * The documents a check or fix reads, with the project they are read in: the paths walked with the
 * command line's globs and the configuration's together.
 */
export function projectDocuments(
  args: DocumentArguments,
  cwd: string,
  warn: (message: string) => void,
): { workspaceRoots: string[]; setup: ProjectSetup; files: string[] } {
  const workspaceRoots = projectRoots(args.paths, cwd, args.root);
  const setup = projectSetup(args, cwd, workspaceRoots);
  const files = withUsageErrors(() =>
    collectDocuments(args.paths, {
      cwd,
      include: [...args.include, ...setup.include],
      exclude: [...args.exclude, ...setup.exclude],
      warn,
      root: args.root,
    }),
  );
  return { workspaceRoots, setup, files };
}
