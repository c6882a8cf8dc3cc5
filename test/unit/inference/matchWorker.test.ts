import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MatchWorker } from '../../../src/inference/worker/matchWorker';
import { ITM_CHECKPOINT, itmGolden, itmImagePath } from './itm-fixtures';
import { checkpointDir, scratchDir } from './parity-fixtures';

const TOLERANCE = 1e-4;
const cacheDir = () => path.join(scratchDir(), 'itm-cache');

describe('MatchWorker (image-text matching in a worker thread)', () => {
  let worker: MatchWorker | undefined;
  after(() => worker?.dispose());

  it('gives the reference scores for image bytes, every text in the order given', async () => {
    const g = await itmGolden();
    worker = await MatchWorker.start(ITM_CHECKPOINT, { cacheDir: cacheDir() });
    assert.ok(worker.packDir.startsWith(cacheDir()), 'the checkpoint was converted into the cache');
    for (const [name, image] of Object.entries(g.images).slice(0, 3)) {
      const bytes = new Uint8Array(await fs.readFile(itmImagePath(image)));
      const texts = image.scores.map((s) => g.texts[s.text].text);
      const scores = await worker.score(bytes, texts);
      assert.deepEqual(
        scores.map((s) => s.text),
        texts,
      );
      image.scores.forEach((expected, i) => {
        assert.ok(Math.abs(scores[i].itm - expected.itm_match_prob) < TOLERANCE, `${name} x ${expected.text}: itm`);
        assert.ok(Math.abs(scores[i].cosine - expected.cosine) < TOLERANCE, `${name} x ${expected.text}: cosine`);
      });
    }
  });

  it('rejects a picture it cannot decode and goes on scoring the next', async () => {
    const g = await itmGolden();
    assert.ok(worker);
    await assert.rejects(worker.score(new Uint8Array([1, 2, 3, 4]), ['a cup']), {
      name: 'ImageDecodeError',
      message: /is not an image that can be decoded/,
    });
    const [score] = await worker.score(itmImagePath(g.images.coffee), [g.texts[0].text]);
    assert.ok(Math.abs(score.itm - g.images.coffee.scores[0].itm_match_prob) < TOLERANCE);
  });

  it('rejects a cancelled request with the signal reason', async () => {
    const g = await itmGolden();
    assert.ok(worker);
    const controller = new AbortController();
    const scoring = worker.score(itmImagePath(g.images.rocket), ['a rocket'], controller.signal);
    controller.abort(new Error('no longer wanted'));
    await assert.rejects(scoring, /no longer wanted/);
  });

  it('fails to start on a captioning model, saying what is needed', async () => {
    await assert.rejects(MatchWorker.start(checkpointDir('blip-reference'), { cacheDir: cacheDir() }), /image-text matching checkpoint/);
  });
});
