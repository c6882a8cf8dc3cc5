import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInConverter } from '../../../src/inference/store/builtInConverter';
import { FileLock } from '../../../src/inference/store/lock';
import type { Converter } from '../../../src/inference/store';
import { REPO, TINY, WEIGHTS, rejection, useHub } from './fixtures';

/** The built-in converter, counting its runs. */
function counting(version = builtInConverter.version): Converter & { runs: number } {
  const converter = {
    version,
    runs: 0,
    async convert(dir: string, out: string, precision: 'fp32' | 'int8' | 'q4') {
      converter.runs++;
      await builtInConverter.convert(dir, out, precision);
    },
  };
  return converter;
}

const manifestOf = (pack: string) => JSON.parse(readFileSync(path.join(pack, 'manifest.json'), 'utf8'));

describe('model store: packs in the cache', () => {
  const hub = useHub();

  it('detects a truncated pack file on load and rebuilds it without the network', async () => {
    const server = await hub.start();
    const pack = await hub.store().fetch({ repo: REPO });
    const decoder = path.join(pack, 'decoder.onnx');
    const size = statSync(decoder).size;
    await server.close();
    truncateSync(decoder, size >> 1);

    const converter = counting();
    assert.equal(await hub.store({ converter }).findReady({ repo: REPO }), pack);
    assert.equal(converter.runs, 1, 'rebuilt');
    assert.equal(statSync(decoder).size, size);
    assert.equal(await hub.store({ converter }).findReady({ repo: REPO }), pack);
    assert.equal(converter.runs, 1, 'and reused once whole');
  });

  it('detects a pack file altered in place when asked to check hashes', async () => {
    await hub.start();
    const pack = await hub.store().fetch({ repo: REPO });
    const vision = path.join(pack, 'vision.onnx');
    const bytes = readFileSync(vision);
    bytes[bytes.length >> 1] ^= 1;
    writeFileSync(vision, bytes);
    const converter = counting();
    await hub.store({ converter }).findReady({ repo: REPO });
    assert.equal(converter.runs, 0, 'a size check cannot see a flipped bit');
    await hub.store({ converter, verify: 'sha256' }).findReady({ repo: REPO });
    assert.equal(converter.runs, 1);
    assert.notDeepEqual(readFileSync(vision), bytes);
  });

  it('re-converts when the converter version changes', async () => {
    await hub.start();
    const pack = await hub.store().fetch({ repo: REPO });
    const converter = counting('next');
    assert.equal(await hub.store({ converter }).findReady({ repo: REPO }), pack);
    assert.equal(converter.runs, 1);
    assert.equal(manifestOf(pack).converterVersion, 'next');
  });

  it('downloads again when the cached checkpoint itself was damaged', async () => {
    const server = await hub.start();
    await hub.store().fetch({ repo: REPO });
    const snapshot = path.join(hub.cacheDir, 'hub', 'models--tester--tiny-blip', 'snapshots', server.commit);
    truncateSync(path.join(snapshot, WEIGHTS), 100);
    rmSync(path.join(hub.cacheDir, 'packs'), { recursive: true });
    assert.equal(await hub.store().findReady({ repo: REPO }), undefined, 'a damaged download is not used');
    const pack = await hub.store().fetch({ repo: REPO });
    assert.equal(server.downloads(WEIGHTS).length, 2);
    assert.equal(manifestOf(pack).source.commit, server.commit);
  });

  it('records source and hashes in the manifest, and lists the model in info()', async () => {
    const server = await hub.start();
    const store = hub.store();
    const pack = await store.fetch({ repo: REPO });
    const [model] = await store.info();
    assert.equal(model.repo, REPO);
    assert.equal(model.commit, server.commit);
    assert.deepEqual(model.revisions, ['main']);
    assert.equal(model.checkpoint?.complete, true);
    assert.deepEqual(
      model.packs.map((p) => [p.dir, p.precision, p.usable]),
      [[pack, 'fp32', true]],
    );
    assert.ok(model.bytes > statSync(path.join(TINY, WEIGHTS)).size);
    await store.clear();
    assert.deepEqual(await store.info(), []);
    assert.equal(await store.findReady({ repo: REPO }), undefined);
  });

  it('refuses to clear a model that another fetch holds', async () => {
    await hub.start();
    const store = hub.store();
    await store.fetch({ repo: REPO });
    const held = await FileLock.acquire(path.join(hub.cacheDir, 'hub', 'models--tester--tiny-blip', '.lock'));
    try {
      const error = await rejection(store.clear());
      assert.equal(error.code, 'busy');
      assert.equal((await store.info()).length, 1, 'nothing was deleted');
    } finally {
      await held.release();
    }
    await store.clear();
    assert.deepEqual(await store.info(), []);
  });
});

describe('model store: a local model folder', () => {
  const hub = useHub();

  it('converts a local checkpoint once into the cache and reuses the pack', async () => {
    const converter = counting();
    const pack = await hub.store({ converter }).findReady({ localFolder: TINY });
    assert.ok(pack?.startsWith(path.join(hub.cacheDir, 'packs', 'local')));
    assert.equal(manifestOf(pack!).source.folder, TINY);
    assert.equal(await hub.store({ converter }).fetch({ localFolder: TINY }), pack, 'fetch uses the folder too, without a network');
    assert.equal(converter.runs, 1);
  });

  it('uses a converted pack folder as it is', async () => {
    const pack = (await hub.store().findReady({ localFolder: TINY }))!;
    assert.equal(await hub.store().findReady({ localFolder: pack }), pack);
  });

  it('refuses a damaged pack folder, a folder that is neither, and a missing folder', async () => {
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'pack-copy-'));
    try {
      cpSync((await hub.store().findReady({ localFolder: TINY }))!, elsewhere, { recursive: true });
      truncateSync(path.join(elsewhere, 'vision.onnx'), 10);
      const damaged = await rejection(hub.store().findReady({ localFolder: elsewhere }));
      assert.equal(damaged.code, 'corrupt');
      assert.match(damaged.message, /vision\.onnx has 10 bytes instead of \d+/);
      rmSync(path.join(elsewhere, 'manifest.json'));
      const neither = await rejection(hub.store().findReady({ localFolder: elsewhere }));
      assert.equal(neither.code, 'corrupt');
      assert.match(neither.message, /neither a Hugging Face BLIP checkpoint/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    const missing = await rejection(hub.store().findReady({ localFolder: path.join(hub.cacheDir, 'nope') }));
    assert.equal(missing.code, 'not-found');
  });
});
