import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Captioner } from '../../../src/inference/captioner';
import { REPO, WEIGHTS, useHub } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');
const REFERENCE = path.resolve(__dirname, '../../fixtures/blip-reference');

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), ...args],
      { cwd: ROOT, env, timeout: 240_000 /* a hang guard, below mocha's */ },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}
const golden = JSON.parse(readFileSync(path.join(REFERENCE, 'golden.json'), 'utf8')) as {
  images: Record<string, { file: string; greedy: { ids: number[]; text: string } }>;
};

describe('model store: captioning with a fetched model', () => {
  const hub = useHub();

  it('captions as the reference does after a clean fetch, with the network gone', async () => {
    const server = await hub.start();
    const pack = await hub.store().fetch({ repo: REPO });
    await server.close();

    const found = await hub.store().findReady({ repo: REPO });
    assert.equal(found, pack);
    const captioner = await Captioner.load(found!, { cacheDir: hub.cacheDir });
    try {
      const { file, greedy } = golden.images.astronaut;
      const result = await captioner.caption(path.join(REFERENCE, file));
      assert.deepEqual(result.ids, greedy.ids);
      assert.equal(result.text, greedy.text);
    } finally {
      await captioner.dispose();
    }
  });

  it('caption --model hub:ID@REV downloads, then captions', async () => {
    const server = await hub.start();
    const env = { ...process.env, HF_ENDPOINT: server.hubUrl, HF_TOKEN: '' };
    const { file, greedy } = golden.images.astronaut;
    const run = await cli(
      ['caption', path.join(REFERENCE, file), '--model', `hub:${REPO}@main`, '--format', 'json', '--cache-dir', hub.cacheDir],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout)[0].ids, greedy.ids);
    assert.match(run.stderr, /Downloading model\.safetensors/);
    assert.equal(server.downloads(WEIGHTS).length, 1);
  });
});
