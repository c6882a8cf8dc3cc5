import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCaptionEngine } from '../../../src/extension/captionEngine';
import type { CaptionWorker } from '../../../src/inference/worker/captionWorker';
import { checkpointDir } from '../inference/parity-fixtures';

describe('caption engine: the model store it uses', function () {
  let cacheDir: string;
  before(async () => {
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'alt-engine-cache-'));
  });
  after(() => fs.rm(cacheDir, { recursive: true, force: true }));

  it("looks the pack up in the extension's cache folder, not the CLI's default", async () => {
    const previous = process.env.LOCAL_ALT_TEXT_CACHE;
    // Were the worker to fall back to the default cache, it would build the pack here instead.
    const elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), 'alt-engine-default-'));
    process.env.LOCAL_ALT_TEXT_CACHE = elsewhere;
    try {
      const engine = (await startCaptionEngine(checkpointDir('blip-reference'), { cacheDir })) as CaptionWorker;
      try {
        assert.equal(path.relative(cacheDir, engine.packDir).startsWith('..'), false, `${engine.packDir} is inside ${cacheDir}`);
        assert.deepEqual(await fs.readdir(elsewhere), [], 'nothing is written to the default cache');
      } finally {
        await engine.dispose();
      }
    } finally {
      if (previous === undefined) delete process.env.LOCAL_ALT_TEXT_CACHE;
      else process.env.LOCAL_ALT_TEXT_CACHE = previous;
      await fs.rm(elsewhere, { recursive: true, force: true });
    }
  });
});
