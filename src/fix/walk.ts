import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { documentKindFor } from '../markdown';
import { GitIgnore } from './gitignore';

export interface WalkOptions {
  cwd: string;
  /** Globs a file must match (any of them), relative to cwd; none means every file. */
  include: string[];
  /** Globs that leave a file out, relative to cwd. */
  exclude: string[];
  /** Told about files that were named but cannot be scanned. */
  warn(message: string): void;
  /** The project root given with --root; otherwise each path's own (see projectRootOf). */
  root?: string;
}

/** A path named to the walk that is not there: the caller's mistake, said as it was written. */
export class WalkError extends Error {
  override name = 'WalkError';
}

// Never worth scanning, whatever .gitignore says: repository internals and installed packages.
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/**
 * The Markdown, MDX and HTML files under the given files and folders, in a stable order. Folders
 * are walked honouring .gitignore; files named outright are taken as they are. Include and exclude
 * globs apply to both. Symbolic links to folders are not followed, so link loops cannot trap the walk,
 * and a linked document is taken only if the file it leads to is inside the path's project root.
 */
export function collectDocuments(paths: string[], options: WalkOptions): string[] {
  const isIncluded = options.include.length ? globMatcher(options.include) : () => true;
  const isExcluded = options.exclude.length ? globMatcher(options.exclude) : () => false;
  const wanted = (file: string): boolean => {
    const relative = toPosix(path.relative(options.cwd, file));
    return isIncluded(relative) && !isExcluded(relative);
  };

  if (options.root !== undefined && !statOrUndefined(path.resolve(options.cwd, options.root))?.isDirectory())
    throw new WalkError(`--root ${options.root}: no such folder`);
  const found = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(options.cwd, given);
    const stat = statOrUndefined(absolute);
    if (!stat) throw new WalkError(`no such file or folder: ${given}`);
    const root = realPathOf(options.root ? path.resolve(options.cwd, options.root) : projectRootOf(absolute));
    const insideRoot = (file: string): boolean => {
      if (isWithin(realPathOf(file), root)) return true;
      options.warn(
        `skipped ${toPosix(path.relative(options.cwd, file))}: it is a link to ${realPathOf(file)}, outside the project (${root})`,
      );
      return false;
    };
    if (stat.isDirectory()) {
      walkFolder(absolute, GitIgnore.at(absolute), (file, linked) => {
        if (wanted(file) && (!linked || insideRoot(file))) found.add(file);
      });
    } else if (!documentKindFor(absolute)) {
      options.warn(`skipped ${given}: not a Markdown, MDX or HTML file`);
    } else if (wanted(absolute) && insideRoot(absolute)) {
      found.add(absolute);
    }
  }
  return [...found];
}

/**
 * The folders images may come from, one per path: the project root given with --root, or else
 * each path's own project root. An image outside all of them is not read, as in the editor, where
 * the workspace folders are the boundary.
 */
export function projectRoots(paths: string[], cwd: string, root?: string): string[] {
  if (root !== undefined) return [path.resolve(cwd, root)];
  return [...new Set(paths.map((p) => projectRootOf(path.resolve(cwd, p))))];
}

/**
 * The project a scanned path belongs to: the top level of its git repository (the nearest folder
 * above it with a `.git`, folder or file), else the path itself (a file's folder). Found from the
 * path as written, not from where a link leads.
 */
export function projectRootOf(absolute: string): string {
  const start = statOrUndefined(absolute)?.isDirectory() ? absolute : path.dirname(absolute);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

export function isWithin(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Where a path really leads; the path itself when it leads nowhere. */
export function realPathOf(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

function walkFolder(dir: string, ignores: GitIgnore, visit: (file: string, linked: boolean) => void): void {
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
    } else if (
      (entry.isFile() || (entry.isSymbolicLink() && isFile(full))) &&
      documentKindFor(entry.name) &&
      !ignores.ignores(full, false)
    ) {
      visit(full, entry.isSymbolicLink());
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
