import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Captioner } from '../../../src/inference';
import { BlipSessions } from '../../../src/inference/runtime/sessions';
import { useCaptioner } from './modelHooks';
import { FIXTURE_SETS, fixtureDir, golden, modelCache, SETTINGS, type SettingName } from './parity-fixtures';

/**
 * The whole path from image file to caption (our decoding of the image, our preprocessing, our
 * tokenizer, the converted model, our decoding) against the reference's ids and texts.
 */
for (const set of FIXTURE_SETS) {
  describe(`Captioner: ${set}`, () => {
    const captioner = useCaptioner(set);
    const pixels = new Map<string, Float32Array>();

    it('greedy: ids and decoded text identical to transformers for every image file', async () => {
      const g = await golden(set);
      for (const [name, image] of Object.entries(g.images)) {
        const file = path.join(fixtureDir(set), image.file);
        const result = await captioner().caption(file, SETTINGS.greedy);
        assert.deepEqual(result.ids, image.greedy.ids, `${name} ids`);
        assert.equal(result.text, image.greedy.text, `${name} text`);
        // The other settings reuse the preprocessed image: preprocessing is judged once above.
        pixels.set(name, await captioner().preprocess(file));
      }
    });

    for (const setting of (Object.keys(SETTINGS) as SettingName[]).filter((s) => s !== 'greedy')) {
      it(`${setting}: ids and decoded text identical to transformers for every image`, async () => {
        const g = await golden(set);
        for (const [name, image] of Object.entries(g.images)) {
          const preprocessed = pixels.get(name) ?? (await captioner().preprocess(path.join(fixtureDir(set), image.file)));
          const result = await captioner().captionPixels(preprocessed, SETTINGS[setting]);
          assert.deepEqual(result.ids, image[setting].ids, `${name} ids`);
          assert.equal(result.text, image[setting].text, `${name} text`);
        }
      });
    }

    it('takes image bytes as well as paths, and cleans the caption', async () => {
      const g = await golden(set);
      const [name, image] = Object.entries(g.images)[0];
      const bytes = await fs.readFile(path.join(fixtureDir(set), image.file));
      const result = await captioner().caption(bytes, { prompt: 'a picture of' });
      assert.equal(result.text, image.prompted.text, name);
      assert.ok(!/^a picture of/i.test(result.caption), result.caption);
      assert.equal(result.caption[0], result.caption[0].toLocaleUpperCase());
    });

    it('computes cross-attention keys and values once per caption, beams included', async () => {
      const g = await golden(set);
      const image = Object.values(g.images)[0];
      const original = BlipSessions.prototype.crossAttention;
      let calls = 0;
      BlipSessions.prototype.crossAttention = function (this: BlipSessions, ...args) {
        calls++;
        return original.apply(this, args);
      };
      try {
        await captioner().caption(path.join(fixtureDir(set), image.file), SETTINGS.beam3);
        assert.equal(calls, 1);
        await captioner().caption(path.join(fixtureDir(set), image.file), SETTINGS.greedy);
        assert.equal(calls, 2);
      } finally {
        BlipSessions.prototype.crossAttention = original;
      }
    });
  });
}

describe('Captioner errors', () => {
  const captioner = useCaptioner('blip-reference');

  it('refuses impossible generation settings before running the model', async () => {
    await assert.rejects(
      captioner().caption(path.join(fixtureDir('blip-reference'), 'images/astronaut.png'), { maxLength: 1 }),
      /maxLength/,
    );
  });

  it('reports an image that cannot be decoded, and one that does not exist', async () => {
    await assert.rejects(captioner().caption(path.join(fixtureDir('blip-reference'), 'README.md')), { name: 'ImageDecodeError' });
    await assert.rejects(captioner().caption(path.join(fixtureDir('blip-reference'), 'missing.png')), /does not exist/);
  });

  it('stops a caption when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(captioner().caption(path.join(fixtureDir('blip-reference'), 'images/astronaut.png'), {}, controller.signal), {
      name: 'AbortError',
    });
  });

  it('refuses a folder that is neither a checkpoint nor a pack', async () => {
    await assert.rejects(
      Captioner.load(fixtureDir('blip-reference'), { cacheDir: modelCache('blip-reference') }),
      /neither a Hugging Face BLIP checkpoint/,
    );
  });
});
