import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './errors';

/**
 * The files that differ from what `ref` had, as a pull request shows them plus what is not committed
 * yet: everything changed between the merge base of `ref` and HEAD and the working tree (commits
 * since the branch left `ref`, staged and unstaged changes), and untracked files that .gitignore does
 * not ignore. Deleted files are left out: there is nothing to check in them. Absolute real paths.
 */
export function filesChangedSince(ref: string, cwd: string): Set<string> {
  const root = git(
    ['rev-parse', '--show-toplevel'],
    cwd,
    () => `--changed-since needs a git repository, and ${cwd} is not inside one`,
  ).trim();
  const commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd, () =>
    [
      `--changed-since: '${ref}' is not a commit, branch or tag this repository knows.`,
      'In a shallow clone (actions/checkout fetches one commit by default), fetch it first,',
      'e.g. `git fetch origin main` or `fetch-depth: 0`, and name it as fetched (origin/main).',
    ].join('\n'),
  ).trim();
  const base = git(
    ['merge-base', commit, 'HEAD'],
    cwd,
    () => `--changed-since: '${ref}' and HEAD have no common ancestor (in a shallow clone, fetch more history: \`fetch-depth: 0\`)`,
  ).trim();
  const changed = git(['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', base, '--'], root);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', '.'], root);
  const files = new Set<string>();
  for (const name of [...changed.split('\0'), ...untracked.split('\0')]) if (name) files.add(path.join(root, name));
  return files;
}

/** Keeps the files (as the walk found them) that are among `changed`, comparing real paths. */
export function keepChanged(files: string[], changed: Set<string>): string[] {
  return files.filter((file) => changed.has(realPath(file)));
}

function realPath(file: string): string {
  try {
    // The folders may be reached through a link (macOS's /tmp); git names them as they really are.
    return path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
  } catch {
    return file;
  }
}

/** Runs git and returns its stdout; a failure becomes a UsageError with `explain()`'s message, or git's own. */
function git(args: string[], cwd: string, explain?: () => string): string {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      missing ? '--changed-since needs git, which is not installed or not on PATH' : `git ${args[0]} failed: ${run.error.message}`,
    );
  }
  if (run.status !== 0) throw new UsageError(explain?.() ?? `git ${args.join(' ')} failed: ${run.stderr.trim()}`);
  return run.stdout;
}
