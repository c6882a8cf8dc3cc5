import assert from 'node:assert/strict';
import path from 'node:path';
import { packFor } from '../../../src/inference/pack';
import { runCli } from '../../helpers/runCli';
import { ITM_CHECKPOINT, ITM_FIXTURE, itmGolden, itmImagePath } from './itm-fixtures';
import { checkpointDir, scratchDir } from './parity-fixtures';

const TOLERANCE = 1e-4;
const cacheDir = () => path.join(scratchDir(), 'itm-cache');
/** The matching checkpoint, converted once into this run's cache. */
const itmModelArgs = () => ['--model', ITM_CHECKPOINT, '--cache-dir', cacheDir()];

interface MatchJson {
  results: { image: string; text: string; itm: number; cosine: number }[];
}

describe('local-alt-text match', () => {
  it('--format json gives the reference itm probability and cosine for every image x text pair', async () => {
    const g = await itmGolden();
    const entries = Object.entries(g.images);
    const images = entries.map(([, image]) => itmImagePath(image));
    const texts = g.texts.map((t) => t.text);
    const { code, stdout, stderr } = await runCli([
      'match',
      ...images,
      ...texts.flatMap((t) => ['--text', t]),
      ...itmModelArgs(),
      '--format',
      'json',
    ]);
    assert.equal(code, 0, stderr);
    const { results } = JSON.parse(stdout) as MatchJson;
    assert.equal(results.length, images.length * texts.length);
    entries.forEach(([name, image], i) => {
      for (const expected of image.scores) {
        const r = results[i * texts.length + expected.text];
        assert.equal(r.image, images[i]);
        assert.equal(r.text, texts[expected.text]);
        assert.deepEqual(Object.keys(r), ['image', 'text', 'itm', 'cosine']);
        assert.ok(
          Math.abs(r.itm - expected.itm_match_prob) < TOLERANCE,
          `${name} x text ${expected.text}: itm ${r.itm} vs ${expected.itm_match_prob}`,
        );
        assert.ok(
          Math.abs(r.cosine - expected.cosine) < TOLERANCE,
          `${name} x text ${expected.text}: cosine ${r.cosine} vs ${expected.cosine}`,
        );
      }
    });
  });

  it('prints one line per pair in text format, and accepts a converted pack', async () => {
    const g = await itmGolden();
    const pack = await packFor(ITM_CHECKPOINT, { cacheDir: cacheDir() });
    const image = itmImagePath(g.images.coffee);
    const { code, stdout } = await runCli(['match', image, '--text', g.texts[0].text, '--text', 'image', '--model', pack]);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.ok(
      lines[0].startsWith(
        `${image}\titm ${g.images.coffee.scores[0].itm_match_prob.toFixed(4)}\tcosine ${g.images.coffee.scores[0].cosine.toFixed(4)}\t`,
      ),
      lines[0],
    );
    assert.ok(lines[1].endsWith('"image"'));
  });

  it('exits 2 naming a missing image, before loading any model', async () => {
    const { code, stderr } = await runCli(['match', 'no-such-image.png', '--text', 'a cat', '--model', 'no-such-model']);
    assert.equal(code, 2);
    assert.match(stderr, /no-such-image\.png: no such file/);
  });

  it('exits 2 for an image that cannot be decoded, still scoring the others', async () => {
    const g = await itmGolden();
    const notImage = path.join(ITM_FIXTURE, 'golden.json');
    const image = itmImagePath(g.images.rocket);
    const { code, stdout, stderr } = await runCli(['match', notImage, image, '--text', 'a rocket', ...itmModelArgs(), '--format', 'json']);
    assert.equal(code, 2);
    assert.match(stderr, /golden\.json: /);
    assert.deepEqual(
      (JSON.parse(stdout) as MatchJson).results.map((r) => r.image),
      [image],
    );
  });

  it('exits 2 for a captioning model, saying what kind of model is needed', async () => {
    const g = await itmGolden();
    const { code, stderr } = await runCli([
      'match',
      itmImagePath(g.images.coffee),
      '--text',
      'a cup',
      '--model',
      checkpointDir('blip-reference'),
      '--cache-dir',
      cacheDir(),
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /captioning model; matching needs an image-text matching checkpoint \(BlipForImageTextRetrieval/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  it('exits 2 with usage for bad options', async () => {
    const image = itmImagePath((await itmGolden()).images.coffee);
    const cases: Array<[string[], RegExp]> = [
      [['match', image, '--model', 'x'], /--text is required/],
      [['match', '--text', 'a', '--model', 'x'], /no image given/],
      [['match', image, '--text', 'a'], /--model is required/],
      [['match', image, '--text', 'a', '--model', 'x', '--format', 'xml'], /--format must be text or json, not 'xml'/],
      [['match', image, '--text', 'a', '--model', path.join(scratchDir(), 'none')], /--model .*none: no such folder/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, new RegExp(`^local-alt-text match: ${message.source}`), args.join(' '));
    }
  });
});
