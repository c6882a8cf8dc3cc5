import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Captioner } from '../../../src/inference';
import { GenerationOptionsError, parseGenerationConfig, withCheckpointDefaults } from '../../../src/inference/generation';
import { checkpointDir, fixtureDir, golden } from './parity-fixtures';

describe("a checkpoint's generation_config.json", () => {
  it('reads the decoding defaults, leaving the token ids and what is unset to others', () => {
    const defaults = parseGenerationConfig(
      JSON.stringify({
        _from_model_config: true,
        bos_token_id: 213,
        eos_token_id: 3,
        pad_token_id: 0,
        num_beams: 4,
        max_length: 40,
        min_length: null,
        repetition_penalty: 1.2,
        length_penalty: 0.8,
        early_stopping: 'never',
        do_sample: false,
      }),
      'generation_config.json',
    );
    assert.deepEqual(defaults, { numBeams: 4, maxLength: 40, repetitionPenalty: 1.2, lengthPenalty: 0.8, earlyStopping: 'never' });
  });

  it('names the file when a value is not what transformers would accept', () => {
    assert.throws(() => parseGenerationConfig('{"num_beams": "3"}', '/m/generation_config.json'), {
      name: 'GenerationOptionsError',
      message: /\/m\/generation_config\.json: num_beams must be a number/,
    });
    assert.throws(
      () => parseGenerationConfig('{"early_stopping": "yes"}', 'g.json'),
      /g\.json: early_stopping must be true, false or "never"/,
    );
    assert.throws(
      () => parseGenerationConfig('[1]', 'g.json'),
      (err: unknown) => err instanceof GenerationOptionsError && /g\.json is not a JSON object/.test(err.message),
    );
    assert.throws(() => parseGenerationConfig('{', 'g.json'), /g\.json is not valid JSON/);
  });

  it('stands below what the request sets, as generate(**kwargs) does', () => {
    const checkpoint = { numBeams: 4, maxLength: 40, repetitionPenalty: 1.2 };
    assert.deepEqual(withCheckpointDefaults({ numBeams: 1 }, checkpoint, 1), { numBeams: 1, maxLength: 40, repetitionPenalty: 1.2 });
    assert.deepEqual(withCheckpointDefaults({}, {}, 1), {});
    // max_new_tokens counts after the start token and the prompt; a max_length from either side wins.
    assert.deepEqual(withCheckpointDefaults({}, { maxNewTokens: 10 }, 4), { maxLength: 14 });
    assert.deepEqual(withCheckpointDefaults({ maxLength: 20 }, { maxNewTokens: 10 }, 4), { maxLength: 20 });
    assert.deepEqual(withCheckpointDefaults({}, { maxNewTokens: 10, maxLength: 30 }, 4), { maxLength: 30 });
  });

  describe('captioning with it', function () {
    let dir: string;
    let captioner: Captioner;
    const image = () => path.join(fixtureDir('blip-reference'), 'images', 'astronaut.png');

    before(async () => {
      // The tiny checkpoint with a generation config asking for the reference's beam3 decoding.
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'alt-genconfig-'));
      const model = path.join(dir, 'model');
      await fs.cp(checkpointDir('blip-reference'), model, { recursive: true });
      const original = JSON.parse(await fs.readFile(path.join(model, 'generation_config.json'), 'utf8'));
      await fs.writeFile(
        path.join(model, 'generation_config.json'),
        JSON.stringify({ ...original, num_beams: 3, max_length: 20, min_length: 5 }),
      );
      captioner = await Captioner.load(model, { cacheDir: path.join(dir, 'cache') });
    });
    after(async () => {
      await captioner?.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    });

    it("decodes with the checkpoint's settings when the request sets none", async () => {
      const g = await golden('blip-reference');
      const result = await captioner.caption(image());
      assert.deepEqual(result.ids, g.images.astronaut.beam3.ids);
    });

    it('lets each setting the request gives win over the checkpoint', async () => {
      const g = await golden('blip-reference');
      // Greedy with no minimum: the reference's greedy caption (max_length 20 still from the checkpoint).
      const result = await captioner.caption(image(), { numBeams: 1, minLength: 0 });
      assert.deepEqual(result.ids, g.images.astronaut.greedy.ids);
      const longer = await captioner.caption(image(), { numBeams: 1, minLength: 0, maxLength: 30, repetitionPenalty: 1.5 });
      assert.deepEqual(longer.ids, g.images.astronaut['greedy_rep1.5_max30'].ids);
    });
  });
});
