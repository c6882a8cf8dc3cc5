import assert from 'node:assert/strict';
import path from 'node:path';
import { readCheckpoint } from '../../../src/inference/checkpoint/index';
import { preprocessImage } from '../../../src/inference/image';
import { ImageTextMatcher } from '../../../src/inference/matcher';
import { erf, ItmReference } from '../../helpers/itmReference';
import { ITM_VOCAB, writeRandomItmCheckpoint, type ItmDims } from '../../../scripts/lib/randomBlipItm';
import { ITM_CHECKPOINT, ITM_FIXTURE, ITM_IMAGES, itmGolden } from './itm-fixtures';
import { readFloat32, scratchDir } from './parity-fixtures';

// Every size differs from the reference kit's and from each other where they could be confused:
// vision and text widths, head counts and head sizes, layer counts, FFN widths, image tokens,
// projection width and LayerNorm epsilon.
const DIMS: ItmDims = {
  vision: { hidden: 40, layers: 3, heads: 5, ffn: 56, image: 48, patch: 16, eps: 1e-6 },
  text: { hidden: 24, layers: 3, heads: 6, ffn: 44, positions: 64, eps: 1e-12 },
  projection: 12,
};

const TEXTS = [
  'a cat on the table',
  'dogs',
  '',
  'the red rocket in the blue sky with a man, a camera and a photo of a cup of coffee',
  'A CUP?!',
];

describe('image-text matching on a checkpoint of other sizes (plain TypeScript reference)', () => {
  let dir: string;
  let matcher: ImageTextMatcher;
  before(async () => {
    dir = path.join(scratchDir(), 'random-itm');
    await writeRandomItmCheckpoint(dir, DIMS, 20261201);
    matcher = await ImageTextMatcher.load(dir, { cacheDir: path.join(scratchDir(), 'random-itm-cache') });
  });
  after(() => matcher?.dispose());

  it('the reference erf is exact to double precision', () => {
    assert.ok(Math.abs(erf(0.5) - 0.5204998778130465) < 1e-15);
    assert.ok(Math.abs(erf(-1.3) + 0.9340079449406524) < 1e-15);
    assert.ok(Math.abs(erf(3) - 0.9999779095030014) < 1e-15);
  });

  it('the reference forward pass itself reproduces transformers on the kit checkpoint', async () => {
    const g = await itmGolden();
    const kit = await readCheckpoint(ITM_CHECKPOINT);
    const { vision, text } = kit.config;
    const reference = new ItmReference(kit.weights, {
      vision: {
        hidden: vision.hiddenSize,
        layers: vision.numLayers,
        heads: vision.numHeads,
        patch: vision.patchSize,
        image: vision.imageSize,
        eps: vision.layerNormEps,
      },
      text: { hidden: text.hiddenSize, layers: text.numLayers, heads: text.numHeads, eps: text.layerNormEps },
    });
    const pixels = await readFloat32(path.join(ITM_FIXTURE, 'pixel_values/coffee.f32'));
    for (const t of [0, 7, 8]) {
      const ours = reference.score(pixels, g.texts[t].input_ids);
      const expected = g.images.coffee.scores[t];
      assert.ok(
        Math.abs(ours.itm - expected.itm_match_prob) < 1e-5 && Math.abs(ours.cosine - expected.cosine) < 1e-5,
        `text ${t}: ${JSON.stringify(ours)}`,
      );
    }
  });

  it('reads every size from config.json', () => {
    const { vision, text, imageTextHiddenSize } = matcher.config;
    assert.deepEqual(
      [vision.hiddenSize, vision.numLayers, vision.numHeads, vision.intermediateSize, vision.imageSize, vision.layerNormEps],
      [40, 3, 5, 56, 48, 1e-6],
    );
    assert.deepEqual(
      [text.hiddenSize, text.numLayers, text.numHeads, text.intermediateSize, text.encoderHiddenSize, text.vocabSize],
      [24, 3, 6, 44, 40, ITM_VOCAB.length],
    );
    assert.equal(imageTextHiddenSize, 12);
  });

  it("tokenizes with the checkpoint's vocab.txt", () => {
    const id = (token: string) => ITM_VOCAB.indexOf(token);
    assert.deepEqual(matcher.tokenize('dogs'), [id('[CLS]'), id('dog'), id('##s'), id('[SEP]')]);
    assert.deepEqual(matcher.tokenize('A CUP?!'), [id('[CLS]'), id('a'), id('cup'), id('?'), id('!'), id('[SEP]')]);
  });

  it('agrees with the reference forward pass on every text of a padded batch', async () => {
    const checkpoint = await readCheckpoint(dir);
    assert.ok(!checkpoint.weights.has('text_encoder.embeddings.position_ids'), 'the stray buffer is not read');
    const reference = new ItmReference(checkpoint.weights, DIMS);
    for (const file of ['images/coffee.png', 'images/one-pixel.png']) {
      const image = path.join(ITM_IMAGES, file);
      const pixels = await preprocessImage(image, matcher.imageConfig);
      assert.equal(pixels.length, 3 * 48 * 48);
      const scores = await matcher.score(image, TEXTS);
      const expected = TEXTS.map((t) => reference.score(pixels, matcher.tokenize(t)));
      scores.forEach((s, i) => {
        assert.ok(Math.abs(s.itm - expected[i].itm) < 1e-4, `${file} text ${i}: itm ${s.itm} vs ${expected[i].itm}`);
        assert.ok(Math.abs(s.cosine - expected[i].cosine) < 1e-4, `${file} text ${i}: cosine ${s.cosine} vs ${expected[i].cosine}`);
      });
      // The comparison means something only if the scores move with the text.
      const itms = expected.map((e) => e.itm);
      assert.ok(Math.max(...itms) - Math.min(...itms) > 0.05, `itm spread ${itms}`);
    }
  });
});
