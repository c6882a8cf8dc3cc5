import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ImageTextMatcher } from '../../../src/inference/matcher';
import { readPackManifest } from '../../../src/inference/store/packs';
import { runCli } from '../../helpers/runCli';
import { ITM_CHECKPOINT, itmGolden, itmImagePath } from '../inference/itm-fixtures';
import { withHubEnvironment } from '../../helpers/useHub';
import { useHub } from './fixtures';

// The published matching checkpoint's name: the store is generic over repositories.
const REPO = 'Salesforce/blip-itm-base-coco';

describe('model store: image-text matching models from the hub', () => {
  const hub = useHub();

  it('fetches a BlipForImageTextRetrieval repository into a matching pack that scores as the reference', async () => {
    const server = await hub.start({ folder: ITM_CHECKPOINT, repo: REPO });
    const plan = await hub.store().plan({ repo: REPO });
    assert.ok(
      plan.files.some((f) => f.name === 'vocab.txt'),
      'the tokenizer vocabulary is downloaded',
    );
    const pack = await hub.store().fetch({ repo: REPO });
    await server.close();

    const manifest = await readPackManifest(pack);
    assert.equal(manifest?.task, 'image-text-matching');
    assert.equal(manifest?.source.repo, REPO);
    assert.equal(await hub.store().findReady({ repo: REPO }), pack, 'found again with the network gone');
    const [cached] = await hub.store().info();
    assert.equal(cached.repo, REPO);
    assert.deepEqual(
      cached.packs.map((p) => [p.task, p.usable]),
      [['image-text-matching', true]],
    );

    const g = await itmGolden();
    const matcher = await ImageTextMatcher.load(pack, { cacheDir: hub.cacheDir });
    try {
      const [score] = await matcher.score(itmImagePath(g.images.astronaut), [g.texts[1].text]);
      assert.ok(Math.abs(score.itm - g.images.astronaut.scores[1].itm_match_prob) < 1e-4);
      assert.ok(Math.abs(score.cosine - g.images.astronaut.scores[1].cosine) < 1e-4);
    } finally {
      await matcher.dispose();
    }
  });

  it('match --model hub:ID@REV downloads, converts and scores', async () => {
    const server = await hub.start({ folder: ITM_CHECKPOINT, repo: REPO });
    const g = await itmGolden();
    await withHubEnvironment(server, async () => {
      const { code, stdout, stderr } = await runCli([
        'match',
        itmImagePath(g.images.camera),
        '--text',
        g.texts[4].text,
        '--model',
        `hub:${REPO}@main`,
        '--cache-dir',
        hub.cacheDir,
        '--format',
        'json',
      ]);
      assert.equal(code, 0, stderr);
      const [result] = JSON.parse(stdout).results;
      assert.ok(Math.abs(result.itm - g.images.camera.scores[4].itm_match_prob) < 1e-4);
      assert.match(stderr, /Downloading model\.safetensors/);
      assert.equal(server.downloads('model.safetensors').length, 1);
    });
  });

  it('accepts a repository whose only tokenizer file is vocab.txt', async () => {
    const folder = path.join(hub.cacheDir, 'served');
    await fs.cp(ITM_CHECKPOINT, folder, { recursive: true });
    await fs.rm(path.join(folder, 'tokenizer.json'));
    const server = await hub.start({ folder, repo: REPO });
    const pack = await hub.store().fetch({ repo: REPO });
    await server.close();
    assert.ok(!(await fs.stat(path.join(pack, 'tokenizer.json')).catch(() => undefined)));
    const g = await itmGolden();
    const matcher = await ImageTextMatcher.load(pack, { cacheDir: hub.cacheDir });
    try {
      assert.deepEqual(matcher.tokenize(g.texts[7].text), g.texts[7].input_ids);
    } finally {
      await matcher.dispose();
    }
  });
});
