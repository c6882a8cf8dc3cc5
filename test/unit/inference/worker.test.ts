import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CaptionWorker } from '../../../src/inference';
import { useCaptionWorker } from './modelHooks';
import { FIXTURE_SETS, fixtureDir, golden, modelCache, SETTINGS, type SettingName } from './parity-fixtures';

for (const set of FIXTURE_SETS) {
  describe(`CaptionWorker: ${set}`, () => {
    const worker = useCaptionWorker(set);

    it('captions overlapping requests, each with its own settings, identically to transformers', async () => {
      const g = await golden(set);
      const settings = Object.keys(SETTINGS) as SettingName[];
      const requests = Object.entries(g.images).map(async ([name, image], i) => {
        const setting = settings[i % settings.length];
        const bytes = await fs.readFile(path.join(fixtureDir(set), image.file));
        const result = await worker().caption(bytes, SETTINGS[setting]);
        assert.deepEqual(result.ids, image[setting].ids, `${name} ${setting} ids`);
        assert.equal(result.text, image[setting].text, `${name} ${setting} text`);
      });
      await Promise.all(requests);
    });
  });
}

describe('CaptionWorker cancellation and failures', () => {
  const worker = useCaptionWorker('blip-reference');
  const image = path.join(fixtureDir('blip-reference'), 'images/astronaut.png');

  it('rejects a cancelled caption with AbortError, queued or running, and goes on with the others', async () => {
    const g = await golden('blip-reference');
    const running = new AbortController();
    const queued = new AbortController();
    // 500 tokens with 4 beams: about a second of decoding, so the abort lands mid-inference.
    const long = { numBeams: 4, minLength: 500, maxLength: 500 };
    const first = worker().caption(image, long, running.signal);
    const second = worker().caption(image, SETTINGS.greedy, queued.signal);
    const third = worker().caption(image, SETTINGS.greedy);
    queued.abort();
    await assert.rejects(second, { name: 'AbortError' });
    setTimeout(() => running.abort(), 300);
    await assert.rejects(first, { name: 'AbortError' });
    assert.deepEqual((await third).ids, g.images.astronaut.greedy.ids);
  });

  it('reports an image that cannot be decoded and keeps working', async () => {
    await assert.rejects(
      worker().caption(Buffer.from('not an image')),
      (err: Error) => err.name === 'ImageDecodeError' && /not an image/.test(err.message),
    );
    assert.ok((await worker().caption(image)).ids.length > 1);
  });

  it('fails to start on a folder that holds no model, with the reason', async () => {
    await assert.rejects(
      CaptionWorker.start(fixtureDir('blip-reference'), { cacheDir: modelCache('blip-reference') }),
      /neither a Hugging Face BLIP checkpoint/,
    );
  });
});
