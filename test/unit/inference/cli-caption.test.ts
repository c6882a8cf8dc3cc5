import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cleanCaption, DEFAULT_MAX_CHARACTERS } from '../../../src/inference/generation';
import { packFor } from '../../../src/inference/pack';
import { checkpointDir, FIXTURE_SETS, fixtureDir, golden, modelCache, scratchDir, SETTINGS, type SettingName } from './parity-fixtures';
import { runCli } from '../../helpers/runCli';

const FLAGS: Record<SettingName, string[]> = {
  greedy: ['--max-length', '20'],
  prompted: ['--prompt', SETTINGS.prompted.prompt],
  beam3: ['--beams', '3', '--min-length', '5', '--max-length', '20'],
  'greedy_rep1.5_max30': ['--repetition-penalty', '1.5', '--max-length', '30'],
};

describe('local-alt-text caption', () => {
  for (const set of FIXTURE_SETS) {
    describe(set, () => {
      for (const setting of Object.keys(FLAGS) as SettingName[]) {
        it(`--format json with ${setting} settings gives the reference ids and texts`, async () => {
          const g = await golden(set);
          const entries = Object.entries(g.images);
          const images = entries.map(([, image]) => path.join(fixtureDir(set), image.file));
          const { code, stdout, stderr } = await runCli([
            'caption',
            ...images,
            '--model',
            checkpointDir(set),
            '--cache-dir',
            modelCache(set),
            '--format',
            'json',
            ...FLAGS[setting],
          ]);
          assert.equal(code, 0, stderr);
          const results = JSON.parse(stdout) as { image: string; ids: number[]; text: string; caption: string }[];
          assert.deepEqual(
            results.map((r) => r.image),
            images,
          );
          results.forEach((r, i) => {
            const [name, image] = entries[i];
            assert.deepEqual(r.ids, image[setting].ids, `${name} ids`);
            assert.equal(r.text, image[setting].text, `${name} text`);
            const prompt = setting === 'prompted' ? SETTINGS.prompted.prompt : undefined;
            assert.equal(
              r.caption,
              cleanCaption(image[setting].text, { prompt, maxCharacters: DEFAULT_MAX_CHARACTERS }),
              `${name} caption`,
            );
          });
        });
      }
    });
  }

  describe('text output and errors', () => {
    const image = path.join(fixtureDir('blip-reference'), 'images/astronaut.png');
    const model = ['--model', checkpointDir('blip-reference'), '--cache-dir', modelCache('blip-reference')];

    it('prints the cleaned caption, without the prompt', async () => {
      const g = await golden('blip-reference');
      const { code, stdout } = await runCli(['caption', image, ...model, '--prompt', 'a picture of', '--trailing-period']);
      assert.equal(code, 0);
      const caption = stdout.trim();
      assert.equal(caption, cleanCaption(g.images.astronaut.prompted.text, { prompt: 'a picture of', trailingPeriod: true }));
      assert.ok(!/^a picture of/i.test(caption));
      assert.match(caption, /^[A-Z].*\.$/);
    });

    it('shortens the alt text to --max-chars, keeping the decoded text whole', async () => {
      const { code, stdout, stderr } = await runCli(['caption', image, ...model, '--max-chars', '20', '--format', 'json']);
      assert.equal(code, 0, stderr);
      const [result] = JSON.parse(stdout) as { text: string; caption: string }[];
      assert.equal(result.caption, cleanCaption(result.text, { maxCharacters: 20 }));
      assert.ok(result.caption.length <= 20, result.caption);
      assert.ok(result.text.length > 20, 'the reference caption is longer than the budget');
    });

    it('accepts a converted pack as --model', async () => {
      const pack = await packFor(checkpointDir('blip-reference'), { cacheDir: modelCache('blip-reference') });
      const { code, stdout } = await runCli(['caption', image, '--model', pack, '--format', 'json']);
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout)[0].ids, (await golden('blip-reference')).images.astronaut.greedy.ids);
    });

    it('exits 2 naming a missing image, before loading any model', async () => {
      const { code, stderr } = await runCli(['caption', image, 'no-such-image.png', '--model', 'no-such-model']);
      assert.equal(code, 2);
      assert.match(stderr, /no-such-image\.png: no such file/);
    });

    it('exits 2 for an image that cannot be decoded, still captioning the others', async () => {
      const notImage = path.join(fixtureDir('blip-reference'), 'README.md');
      const { code, stdout, stderr } = await runCli(['caption', notImage, image, ...model, '--format', 'json']);
      assert.equal(code, 2);
      assert.match(stderr, /^local-alt-text caption: \S*README\.md is not an image/m);
      assert.deepEqual(
        JSON.parse(stdout).map((r: { image: string }) => r.image),
        [image],
      );
    });

    it('exits 2 for a missing model folder and for a folder without a model', async () => {
      const missing = await runCli(['caption', image, '--model', path.join(scratchDir(), 'nothing-here')]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no such folder/);
      const notModel = await runCli([
        'caption',
        image,
        '--model',
        fixtureDir('blip-reference'),
        '--cache-dir',
        modelCache('blip-reference'),
      ]);
      assert.equal(notModel.code, 2);
      assert.match(notModel.stderr, /cannot be used: .*neither a Hugging Face BLIP checkpoint/);
    });

    it('exits 2 for a damaged pack, saying which file is wrong', async () => {
      const pack = await packFor(checkpointDir('blip-reference'), { cacheDir: modelCache('blip-reference') });
      const damaged = path.join(scratchDir(), 'damaged-pack');
      await fs.cp(pack, damaged, { recursive: true });
      const decoder = path.join(damaged, 'decoder.onnx');
      await fs.truncate(decoder, (await fs.stat(decoder)).size - 100);
      const { code, stderr } = await runCli(['caption', image, '--model', damaged]);
      assert.equal(code, 2);
      assert.match(stderr, /decoder\.onnx has \d+ bytes instead of \d+/);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    });

    it('exits 2 with usage for bad options', async () => {
      for (const [args, message] of [
        [['caption', image], /^local-alt-text caption: --model is required\n\nusage: local-alt-text caption /],
        [['caption', '--model', 'x'], /^local-alt-text caption: no image given\n\nusage: local-alt-text caption /],
        [
          ['caption', image, '--model', 'x', '--beams', 'two'],
          /^local-alt-text caption: --beams must be an integer of at least 1, not 'two'\n$/,
        ],
        [['caption', image, '--model', 'x', '--format', 'xml'], /^local-alt-text caption: --format must be text or json, not 'xml'\n$/],
      ] as const) {
        const { code, stderr } = await runCli([...args]);
        assert.equal(code, 2, args.join(' '));
        assert.match(stderr, message);
      }
    });
  });
});
