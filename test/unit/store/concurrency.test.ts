import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Progress } from '../../../src/inference/store';
import { REPO, WEIGHTS, useHub } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs the CLI in a child process; resolves with its exit code and output. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('model store: two fetches of one model at once', () => {
  const hub = useHub();

  it('downloads once within one process; the second waits and reuses it', async () => {
    // Slow enough that the second fetch arrives while the first is still downloading.
    const server = await hub.start({ throttle: { chunkBytes: 64 * 1024, delayMs: 25 } });
    const phases: string[][] = [[], []];
    const fetchOne = (i: number) => hub.store().fetch({ repo: REPO }, { onProgress: (p: Progress) => phases[i].push(p.phase) });
    const [a, b] = await Promise.all([fetchOne(0), fetchOne(1)]);
    assert.equal(a, b);
    assert.equal(server.downloads(WEIGHTS).length, 1);
    assert.equal(
      server.requests.filter((r) => r.method === 'HEAD' && r.path.endsWith('/config.json')).length,
      1,
      'the waiting one did not even plan',
    );
    // Either may win the lock; the other only waits.
    const [winner, waiter] = phases[0][0] === 'waiting' ? [phases[1], phases[0]] : [phases[0], phases[1]];
    assert.deepEqual(waiter, ['waiting']);
    assert.ok(winner.includes('downloading') && !winner.includes('waiting'), winner.join());
  });

  it('downloads once across two processes', async () => {
    // About six seconds of download: room for one process to start well after the other on a loaded machine.
    const server = await hub.start({ throttle: { chunkBytes: 16 * 1024, delayMs: 150 } });
    const env = { ...process.env, HF_ENDPOINT: server.hubUrl, HF_TOKEN: '', LOCAL_ALT_TEXT_CACHE: hub.cacheDir };
    const [one, two] = await Promise.all([
      runCli(['model', 'fetch', '--yes', '--repo', REPO], env),
      runCli(['model', 'fetch', '--yes', '--repo', REPO], env),
    ]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    assert.equal(one.stdout, two.stdout, 'both print the same pack folder');
    assert.equal(server.downloads(WEIGHTS).length, 1);
    assert.match(one.stderr + two.stderr, /Waiting for another process that is downloading this model/);
  });
});
