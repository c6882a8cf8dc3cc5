import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The `.gitignore` rules of one folder, which speak of paths relative to that folder. */
interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

/**
 * Answers "does git ignore this path?" the way git does for untracked files: the rules of every
 * `.gitignore` from the repository root down to the path's folder, plus `.git/info/exclude`, the
 * deepest rule that speaks about a path deciding.
 */
export class GitIgnore {
  private constructor(private readonly layers: readonly IgnoreLayer[]) {}

  /** The rules in force at `dir`: those of its repository's root and of every folder down to it. */
  static at(dir: string): GitIgnore {
    const repositoryRoot = findRepositoryRoot(dir);
    const folders: string[] = [];
    for (let folder = dir; ; folder = path.dirname(folder)) {
      folders.unshift(folder);
      if (folder === repositoryRoot || path.dirname(folder) === folder || repositoryRoot === undefined) break;
    }
    let ignores = new GitIgnore([]);
    if (repositoryRoot) ignores = ignores.withRules(repositoryRoot, readText(path.join(repositoryRoot, '.git', 'info', 'exclude')));
    for (const folder of folders) ignores = ignores.entering(folder);
    return ignores;
  }

  /** The rules in force inside `dir`, a subfolder of the folder these rules were made for. */
  entering(dir: string): GitIgnore {
    return this.withRules(dir, readText(path.join(dir, '.gitignore')));
  }

  ignores(absolutePath: string, isDirectory: boolean): boolean {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const { base, rules } = this.layers[i];
      const relative = path.relative(base, absolutePath);
      if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      const verdict = rules.test(relative.split(path.sep).join('/') + (isDirectory ? '/' : ''));
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }

  private withRules(base: string, text: string | undefined): GitIgnore {
    return text ? new GitIgnore([...this.layers, { base, rules: ignore().add(text) }]) : this;
  }
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file in worktrees and submodules). */
export function findRepositoryRoot(dir: string): string | undefined {
  for (let folder = dir; ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, '.git'))) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Whether git would ignore a file under `root`: every `.gitignore` from the repository (or root)
 * down counts, and a file inside an ignored folder is ignored whatever rules deeper down say.
 */
export function gitIgnoreFilter(root: string): (file: string) => boolean {
  const byFolder = new Map<string, GitIgnore>([[root, GitIgnore.at(root)]]);
  const rulesFor = (folder: string): GitIgnore => {
    let rules = byFolder.get(folder);
    if (!rules) {
      rules = rulesFor(path.dirname(folder)).entering(folder);
      byFolder.set(folder, rules);
    }
    return rules;
  };
  return (file) => {
    const relative = path.relative(root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
    const parts = relative.split(path.sep);
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const next = path.join(folder, part);
      if (rulesFor(folder).ignores(next, true)) return true;
      folder = next;
    }
    return rulesFor(folder).ignores(file, false);
  };
}
