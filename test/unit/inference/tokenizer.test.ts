import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTokenizer, loadTokenizer, TokenizerError } from '../../../src/inference/tokenizer/index';

const fixtures = path.join(__dirname, '../../fixtures');
const SETS = ['blip-reference', 'blip-heldout'] as const;
const SETTINGS = ['greedy', 'prompted', 'beam3', 'greedy_rep1.5_max30'] as const;

interface GoldenImage {
  prompt_input_ids: number[];
  prompted: { prompt: string };
  [setting: string]: unknown;
}

function golden(set: string): { config: { dec_id: number; vocab_size: number }; images: Record<string, GoldenImage> } {
  return JSON.parse(readFileSync(path.join(fixtures, set, 'golden.json'), 'utf8'));
}

describe('BLIP tokenizer', () => {
  for (const set of SETS) {
    describe(set, () => {
      const { config, images } = golden(set);

      it('encodes the prompt as the reference did, with [CLS] and [SEP]', async () => {
        const tokenizer = await loadTokenizer(path.join(fixtures, set, 'tiny-blip'));
        for (const [name, entry] of Object.entries(images)) {
          assert.deepEqual(tokenizer.encode(entry.prompted.prompt), entry.prompt_input_ids, name);
        }
        assert.equal(tokenizer.size, config.vocab_size);
        assert.equal(tokenizer.tokenId('[DEC]'), config.dec_id);
      });

      for (const [name, entry] of Object.entries(images)) {
        it(`${name}: decodes every setting's ids to the reference text`, async () => {
          const tokenizer = await loadTokenizer(path.join(fixtures, set, 'tiny-blip'));
          for (const setting of SETTINGS) {
            const { ids, text } = entry[setting] as { ids: number[]; text: string };
            assert.equal(tokenizer.decode(ids, { skipSpecialTokens: true }), text, setting);
          }
        });
      }
    });
  }

  describe('ids outside the tokenizer', () => {
    const dir = path.join(fixtures, 'blip-reference/tiny-blip');
    const definition = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'));
    const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'));

    it('drops ids at or above its size instead of spelling them [UNK]', async () => {
      const tokenizer = await loadTokenizer(dir);
      const picture = tokenizer.tokenId('picture')!;
      assert.equal(tokenizer.decode([tokenizer.size, picture, 30522, 30523, -1]), 'picture');
      assert.equal(tokenizer.decode([picture, tokenizer.size + 5], { skipSpecialTokens: true }), 'picture');
    });

    it('drops [DEC] when, as in the released checkpoints, the tokenizer does not contain it', () => {
      // Remove [DEC] and [ENC] from the vocabulary, as Salesforce's tokenizer files lack them.
      const trimmed = structuredClone(definition);
      trimmed.added_tokens = trimmed.added_tokens.filter((t: { content: string }) => t.content !== '[DEC]' && t.content !== '[ENC]');
      delete trimmed.model.vocab['[DEC]'];
      delete trimmed.model.vocab['[ENC]'];
      const tokenizer = createTokenizer(trimmed, config);
      const dec = golden('blip-reference').config.dec_id;
      assert.equal(tokenizer.size, dec);
      assert.equal(tokenizer.tokenId('[DEC]'), undefined);
      const prompted = golden('blip-reference').images.astronaut.prompted as unknown as { ids: number[]; text: string };
      assert.equal(prompted.ids[0], dec);
      assert.equal(tokenizer.decode(prompted.ids, { skipSpecialTokens: true }), prompted.text);
      // Without skipping, specials the tokenizer knows stay, but the unknown start id still has no text.
      assert.ok(tokenizer.decode(prompted.ids).startsWith('a picture of '));
    });

    it('keeps special tokens unless asked to skip them', async () => {
      const tokenizer = await loadTokenizer(dir);
      const ids = tokenizer.encode('a picture of');
      assert.equal(tokenizer.decode(ids), '[CLS] a picture of [SEP]');
      assert.equal(tokenizer.decode(ids, { skipSpecialTokens: true }), 'a picture of');
    });

    it('tidies spaces before punctuation only when the config asks for it', () => {
      const ids = (golden('blip-reference').images.camera.beam3 as { ids: number[]; text: string }).ids;
      const plain = createTokenizer(definition, config).decode(ids, { skipSpecialTokens: true });
      const tidied = createTokenizer(definition, { ...config, clean_up_tokenization_spaces: true }).decode(ids, {
        skipSpecialTokens: true,
      });
      assert.match(plain, /f ' young/);
      assert.match(tidied, /f'young/);
    });
  });

  describe('bad folders', () => {
    let dir: string;
    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tokenizer-'));
    });
    after(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('names a missing or corrupt tokenizer.json, and works without tokenizer_config.json', async () => {
      await assert.rejects(
        loadTokenizer(dir),
        (e: Error) => e instanceof TokenizerError && e.message.includes(path.join(dir, 'tokenizer.json')) && /ENOENT/.test(e.message),
      );
      await fs.writeFile(path.join(dir, 'tokenizer.json'), '{"model": ');
      await assert.rejects(loadTokenizer(dir), /tokenizer\.json is not a valid JSON object/);
      await fs.copyFile(path.join(fixtures, 'blip-heldout/tiny-blip/tokenizer.json'), path.join(dir, 'tokenizer.json'));
      const tokenizer = await loadTokenizer(dir);
      assert.deepEqual(tokenizer.encode('a picture of'), golden('blip-heldout').images.cat.prompt_input_ids);
    });
  });
});
