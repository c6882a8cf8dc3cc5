import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { documentKindFor } from '../markdown';
import { UsageError } from './errors';
import { GitIgnore } from './gitignore';

export interface WalkOptions {
  cwd: string;
  /** Globs a file must match (any of them), relative to cwd; none means every file. */
  include: string[];
  /** Globs that leave a file out, relative to cwd. */
  exclude: string[];
  /** Told about files that were named but cannot be scanned. */
  warn(message: string): void;
}

// Never worth scanning, whatever .gitignore says: repository internals and installed packages.
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/**
 * The Markdown, MDX and HTML files under the given files and folders, in a stable order. Folders
 * are walked honouring .gitignore; files named outright are taken as they are. Include and exclude
 * globs apply to both. Symbolic links to folders are not followed, so link loops cannot trap the walk.
 */
export function collectDocuments(paths: string[], options: WalkOptions): string[] {
  const isIncluded = options.include.length ? globMatcher(options.include) : () => true;
  const isExcluded = options.exclude.length ? globMatcher(options.exclude) : () => false;
  const wanted = (file: string): boolean => {
    const relative = toPosix(path.relative(options.cwd, file));
    return isIncluded(relative) && !isExcluded(relative);
  };

  const found = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(options.cwd, given);
    const stat = statOrUndefined(absolute);
    if (!stat) throw new UsageError(`no such file or folder: ${given}`);
    if (stat.isDirectory()) {
      walkFolder(absolute, GitIgnore.at(absolute), (file) => {
        if (wanted(file)) found.add(file);
      });
    } else if (!documentKindFor(absolute)) {
      options.warn(`skipped ${given}: not a Markdown, MDX or HTML file`);
    } else if (wanted(absolute)) {
      found.add(absolute);
    }
  }
  return [...found];
}

/**
 * The folders whose files an image may come from: the current folder is the project, and folders
 * named outside it are projects of their own.
 */
export function projectRoots(paths: string[], cwd: string): string[] {
  const outside = paths.map((p) => path.resolve(cwd, p)).filter((p) => path.relative(cwd, p).startsWith('..'));
  return [cwd, ...outside];
}

function walkFolder(dir: string, ignores: GitIgnore, visit: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // An unreadable folder holds nothing we can scan.
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(entry.name) || ignores.ignores(full, true)) continue;
      walkFolder(full, ignores.entering(full), visit);
    } else if ((entry.isFile() || (entry.isSymbolicLink() && isFile(full))) && documentKindFor(entry.name) && !ignores.ignores(full, false)) {
      visit(full);
    }
  }
}

/**
 * Matches paths relative to cwd. A glob without a slash (`*.md`) speaks of file names wherever they
 * are, as in .gitignore; one with a slash speaks of the path.
 */
function globMatcher(globs: string[]): (relativePath: string) => boolean {
  const nameGlobs = globs.filter((g) => !g.includes('/'));
  const pathGlobs = globs.filter((g) => g.includes('/'));
  const byName = nameGlobs.length ? picomatch(nameGlobs, { dot: true }) : () => false;
  const byPath = pathGlobs.length ? picomatch(pathGlobs, { dot: true }) : () => false;
  return (relativePath) => byPath(relativePath) || byName(relativePath.slice(relativePath.lastIndexOf('/') + 1));
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  return statOrUndefined(file)?.isFile() ?? false;
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
