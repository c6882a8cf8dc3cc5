import assert from 'node:assert/strict';
import path from 'node:path';
import { readCheckpoint } from '../../../src/inference/checkpoint/index';
import { generate, promptIds, resolveSettings } from '../../../src/inference/generation';
import { ImageDecoder } from '../../../src/inference/runtime/imageDecoder';
import { BlipSessions } from '../../../src/inference/runtime/sessions';
import {
  checkpointDir,
  convertedGraphs,
  FIXTURE_SETS,
  fixtureDir,
  golden,
  maxAbsDiff,
  readFloat32,
  referencePixels,
  SETTINGS,
  stats,
  type SettingName,
} from './parity-fixtures';

const TOLERANCE = 1e-4;

/**
 * The converted graphs against Hugging Face transformers, fed the reference's own pixel values so
 * that only the model and the decoding are judged here.
 */
for (const set of FIXTURE_SETS) {
  describe(`parity with transformers: ${set}`, () => {
    let sessions: BlipSessions;
    before(async () => {
      const { config } = await readCheckpoint(checkpointDir(set));
      sessions = await BlipSessions.load(await convertedGraphs(set), config);
    });
    after(() => sessions?.dispose());

    it('image embeddings match the reference statistics and leading values', async () => {
      const g = await golden(set);
      for (const [name, image] of Object.entries(g.images)) {
        const embeds = await sessions.encodeImage(await referencePixels(set, name));
        assert.deepEqual(embeds.dims, image.image_embeds.shape, `${name} shape`);
        const data = embeds.data as Float32Array;
        const actual = stats(data);
        for (const key of ['mean', 'std', 'min', 'max'] as const) {
          assert.ok(
            Math.abs(actual[key] - image.image_embeds[key]) < TOLERANCE,
            `${name} ${key}: ${actual[key]} vs ${image.image_embeds[key]}`,
          );
        }
        assert.ok(maxAbsDiff(data.subarray(0, 8), image.image_embeds.first8) < TOLERANCE, `${name} first8`);
        const row0 = data.subarray(0, image.image_embeds_row0_first8.length);
        assert.ok(maxAbsDiff(row0, image.image_embeds_row0_first8) < TOLERANCE, `${name} row 0`);
      }
    });

    it('first-step logits match logits/NAME.f32', async () => {
      const g = await golden(set);
      for (const name of Object.keys(g.images)) {
        const cross = await sessions.crossAttention(await sessions.encodeImage(await referencePixels(set, name)));
        const logits = await new ImageDecoder(sessions, cross).next([[g.config.dec_id]]);
        const diff = maxAbsDiff(logits, await readFloat32(path.join(fixtureDir(set), 'logits', `${name}.f32`)));
        assert.ok(diff < TOLERANCE, `${name}: max abs diff ${diff}`);
      }
    });

    it('teacher-forcing logits over a whole sequence match in one decoder call', async () => {
      const g = await golden(set);
      const tf = g.teacher_forcing;
      const cross = await sessions.crossAttention(await sessions.encodeImage(await referencePixels(set, tf.image)));
      const ids = BigInt64Array.from(tf.input_ids, BigInt);
      const { logits, cache } = await sessions.decode(ids, ids.length, sessions.emptyCache(1), cross);
      const diff = maxAbsDiff(logits, await readFloat32(path.join(fixtureDir(set), 'logits', 'teacher_forcing.f32')));
      assert.ok(diff < TOLERANCE, `max abs diff ${diff}`);
      assert.equal(cache.length, ids.length);
    });

    it('teacher forcing one token at a time through the cache gives the same logits', async () => {
      const g = await golden(set);
      const tf = g.teacher_forcing;
      const reference = await readFloat32(path.join(fixtureDir(set), 'logits', 'teacher_forcing.f32'));
      const vocab = tf.logits_shape[1];
      const decoder = new ImageDecoder(
        sessions,
        await sessions.crossAttention(await sessions.encodeImage(await referencePixels(set, tf.image))),
      );
      // The prompt path (several tokens at once) followed by single steps.
      const split = 3;
      const first = await decoder.next([tf.input_ids.slice(0, split)]);
      assert.ok(maxAbsDiff(first, reference.subarray((split - 1) * vocab, split * vocab)) < TOLERANCE, 'after the prompt');
      for (let i = split; i < tf.input_ids.length; i++) {
        const step = await decoder.next([[tf.input_ids[i]]]);
        assert.ok(maxAbsDiff(step, reference.subarray(i * vocab, (i + 1) * vocab)) < TOLERANCE, `position ${i}`);
      }
    });

    for (const setting of Object.keys(SETTINGS) as SettingName[]) {
      it(`${setting}: token ids identical for every image`, async () => {
        const g = await golden(set);
        const config = sessions.config;
        for (const [name, image] of Object.entries(g.images)) {
          const options = SETTINGS[setting];
          // The tokenizer's [CLS] prompt [SEP] as the reference recorded it.
          const prompt =
            'prompt' in options ? promptIds(image.prompt_input_ids, config.text.bosTokenId) : promptIds(undefined, config.text.bosTokenId);
          const settings = resolveSettings(options, config.text.sepTokenId, prompt.length, config.text.maxPositions);
          const cross = await sessions.crossAttention(await sessions.encodeImage(await referencePixels(set, name)));
          const ids = await generate(new ImageDecoder(sessions, cross), prompt, settings);
          assert.deepEqual(ids, image[setting].ids, `${name}`);
        }
      });
    }
  });
}
