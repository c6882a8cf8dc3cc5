import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../helpers/runCli';
import { writeFile } from '../../helpers/files';

/** git in `cwd`, with an identity and no signing, whatever the machine's configuration says. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull },
  });
}

async function check(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return await runCli(['check', ...args]);
  } finally {
    process.chdir(previous);
  }
}

/** The files with findings in `check --format json`'s output, sorted. */
function filesIn(stdout: string): string[] {
  const report = JSON.parse(stdout) as { images: { file: string; altState: string }[] };
  return [...new Set(report.images.filter((i) => i.altState === 'missing').map((i) => i.file))].sort();
}

const MISSING = '![](shot.png)\n';

describe('check --changed-since', () => {
  let repo: string;
  before(() => {
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-changed-')));
    git(repo, 'init', '-q', '-b', 'main');
    writeFile(repo, '.gitignore', 'build/\n');
    for (const file of [
      'docs/edited-in-pr.md',
      'docs/edited-on-main.md',
      'docs/staged.md',
      'docs/unstaged.md',
      'docs/untouched.md',
      'docs/deleted.md',
      'docs/renamed.md',
    ]) {
      writeFile(repo, file, `# ${file}\n\n${MISSING}`);
    }
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'docs');
    git(repo, 'checkout', '-q', '-b', 'feature');
    // The pull request's own commits.
    writeFile(repo, 'docs/edited-in-pr.md', `# Edited in the pull request\n\n${MISSING}`);
    writeFile(repo, 'docs/ünïcode and spaces.md', MISSING);
    git(repo, 'mv', 'docs/renamed.md', 'docs/renamed-to.md');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'feature work');
    // Meanwhile on main: a change the pull request does not contain.
    git(repo, 'checkout', '-q', 'main');
    writeFile(repo, 'docs/edited-on-main.md', `# Edited on main\n\n${MISSING}`);
    git(repo, 'commit', '-q', '-am', 'main moves on');
    git(repo, 'checkout', '-q', 'feature');
    // Not committed yet: staged, unstaged, untracked, ignored, deleted.
    writeFile(repo, 'docs/staged.md', `# Staged\n\n${MISSING}`);
    git(repo, 'add', 'docs/staged.md');
    writeFile(repo, 'docs/unstaged.md', `# Unstaged\n\n${MISSING}`);
    writeFile(repo, 'docs/untracked.md', MISSING);
    writeFile(repo, 'build/generated.md', MISSING);
    fs.rmSync(path.join(repo, 'docs/deleted.md'));
  });
  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('checks the files changed since the merge base, committed or not, and leaves the others out', async () => {
    const run = await check(repo, ['--changed-since', 'main', '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(filesIn(run.stdout), [
      'docs/edited-in-pr.md',
      'docs/renamed-to.md',
      'docs/staged.md',
      'docs/unstaged.md',
      'docs/untracked.md',
      'docs/ünïcode and spaces.md',
    ]);
    assert.equal(JSON.parse(run.stdout).files, 6);
    assert.match(run.stderr, /6 of 8 documents changed since main/);
    // Without the option, every document is checked.
    assert.equal(JSON.parse((await check(repo, ['--format', 'json'])).stdout).files, 8);
  });

  it('takes commits, tags and paths, and applies within the paths and globs given', async () => {
    const base = git(repo, 'rev-parse', 'main~1').trim();
    git(repo, 'tag', 'v1', base);
    const fromTag = await check(repo, ['--changed-since', 'v1', '--format', 'json']);
    const fromCommit = await check(repo, ['--changed-since', base, '--format', 'json']);
    assert.deepEqual(filesIn(fromTag.stdout), filesIn(fromCommit.stdout));
    const narrowed = await check(path.join(repo, 'docs'), ['.', '--changed-since', 'main', '--exclude', 'un*.md', '--format', 'json']);
    assert.deepEqual(filesIn(narrowed.stdout), ['edited-in-pr.md', 'renamed-to.md', 'staged.md', 'ünïcode and spaces.md']);
  });

  it('exits 0 when the changed files are fine, even if others are not', async () => {
    const clean = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-changed-clean-')));
    try {
      git(clean, 'init', '-q', '-b', 'main');
      writeFile(clean, 'old.md', MISSING);
      git(clean, 'add', '-A');
      git(clean, 'commit', '-q', '-m', 'old');
      writeFile(clean, 'new.md', '![A red barn in a field](barn.png)\n');
      const run = await check(clean, ['--changed-since', 'HEAD']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal((await check(clean, [])).code, 1);
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
    }
  });

  it('exits 2 with a clear message for an unknown ref, outside a repository, and without a value', async () => {
    const unknown = await check(repo, ['--changed-since', 'no-such-branch']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /'no-such-branch' is not a commit, branch or tag this repository knows/);
    assert.match(unknown.stderr, /fetch-depth: 0/);
    assert.equal(unknown.stdout, '');

    const option = await check(repo, ['--changed-since', '--format']);
    assert.equal(option.code, 2);

    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-changed-outside-')));
    try {
      writeFile(outside, 'page.md', MISSING);
      const run = await check(outside, ['--changed-since', 'main']);
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        new RegExp(`--changed-since needs a git repository, and ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not inside one`),
      );
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }

    const missing = await check(repo, ['--changed-since']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--changed-since needs a value/);
  });
});
