import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import model, { parseHubSpec, type ModelCommandIo } from '../../../src/cli/model';
import { REPO, WEIGHTS, rejection, useHub } from './fixtures';

/** Captured output, and an input that is a terminal (answering `answer`) or not. */
function fakeIo(tty: { answer: string } | undefined) {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _enc, cb) {
        out[key] += chunk;
        cb();
      },
    });
  const stdin = Object.assign(new PassThrough(), { isTTY: tty !== undefined });
  if (tty) stdin.end(tty.answer + '\n');
  const io: ModelCommandIo = { stdout: sink('stdout'), stderr: sink('stderr'), stdin };
  return { io, out };
}

describe('local-alt-text model', () => {
  const hub = useHub();
  let savedEnv: NodeJS.ProcessEnv;
  beforeEach(() => {
    savedEnv = { ...process.env };
    process.env.HF_TOKEN = '';
  });
  afterEach(() => {
    process.env = savedEnv;
  });

  const run = async (args: string[], tty?: { answer: string }) => {
    const { io, out } = fakeIo(tty);
    const code = await model([...args, '--cache-dir', hub.cacheDir], io);
    return { code, ...out };
  };

  it('without --yes and without a terminal, prints the plan, downloads nothing and exits 2', async () => {
    const server = await hub.start();
    process.env.HF_ENDPOINT = server.hubUrl;
    const result = await run(['fetch', '--repo', REPO]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      new RegExp(`${REPO} at main \\(commit ${server.commit.slice(0, 12)}\\) from 127\\.0\\.0\\.1:\\d+: 6\\d\\d KB in \\d+ files`),
    );
    assert.match(result.stderr, /model\.safetensors +616 KB/);
    assert.match(result.stderr, /Run again with --yes to download/);
    assert.equal(server.requests.filter((r) => r.method === 'GET').length, 0);
  });

  it('asks on a terminal, and takes no for an answer', async () => {
    const server = await hub.start();
    process.env.HF_ENDPOINT = server.hubUrl;
    const no = await run(['fetch', '--repo', REPO], { answer: 'n' });
    assert.equal(no.code, 2);
    assert.match(no.stderr, /Download\? \[y\/N\] Nothing was downloaded/);
    assert.equal(server.downloads(WEIGHTS).length, 0);
    const yes = await run(['fetch', '--repo', REPO], { answer: 'y' });
    assert.equal(yes.code, 0, yes.stderr);
    assert.equal(server.downloads(WEIGHTS).length, 1);
  });

  it('fetches with --yes, prints the pack folder, and lists and clears the cache', async () => {
    const server = await hub.start();
    process.env.HF_ENDPOINT = server.hubUrl;
    const fetched = await run(['fetch', '--repo', REPO, '--yes']);
    assert.equal(fetched.code, 0, fetched.stderr);
    const pack = fetched.stdout.trim();
    assert.ok(existsSync(path.join(pack, 'manifest.json')));
    assert.match(fetched.stderr, /\nDownloading model\.safetensors: [\d.]+ KB of 6\d\d KB/);
    assert.match(fetched.stderr, /Converting the checkpoint to ONNX/);

    await server.close();
    const again = await run(['fetch', '--repo', REPO]);
    assert.equal(again.code, 0, 'ready in the cache: no plan, no question, no network');
    assert.equal(again.stdout.trim(), pack);

    const info = await run(['info']);
    assert.match(info.stdout, new RegExp(`${REPO}@${server.commit.slice(0, 12)} \\(main\\)`));
    assert.match(info.stdout, /checkpoint complete/);
    assert.match(info.stdout, /fp32 pack ready/);
    const json = JSON.parse((await run(['info', '--json'])).stdout);
    assert.equal(json.models[0].packs[0].dir, pack);

    assert.equal((await run(['clear'])).code, 0);
    assert.match((await run(['info'])).stdout, /\(empty\)/);
  });

  it('turns store errors into messages without a stack', async () => {
    const server = await hub.start();
    process.env.HF_ENDPOINT = server.hubUrl;
    const error = await rejection(run(['fetch', '--repo', 'tester/missing', '--yes']));
    assert.equal(error.name, 'UsageError');
    assert.match(error.message, /tester\/missing .* was not found/);
    assert.equal((await rejection(run(['fetch', '--repo', '../evil']))).name, 'UsageError');
    assert.equal((await rejection(run(['fetch', '--precision', 'fp8']))).name, 'UsageError');
    assert.equal((await rejection(run(['frobnicate']))).name, 'UsageError');
  });

  it('reads hub:ID[@REV] model specs', () => {
    assert.deepEqual(parseHubSpec('hub:Salesforce/blip-image-captioning-large'), {
      repo: 'Salesforce/blip-image-captioning-large',
      revision: undefined,
    });
    assert.deepEqual(parseHubSpec('hub:a/b@v1.0'), { repo: 'a/b', revision: 'v1.0' });
    assert.throws(() => parseHubSpec('a/b'), /not a hub model/);
  });
});
