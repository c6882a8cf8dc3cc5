import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaptionCache, captionKey, sha256Hex } from '../../../src/extension/captionCache';

describe('caption cache', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'caption-cache-'));
    file = path.join(dir, 'nested', 'captions.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const imageSha256 = sha256Hex(new Uint8Array([1, 2, 3]));

  it('keys by image hash, model and options', () => {
    const base = { imageSha256, modelId: 'hub:Salesforce/blip@abc', optionsKey: '["",3,30]' };
    const keys = new Set([
      captionKey(base),
      captionKey({ ...base, imageSha256: sha256Hex(new Uint8Array([1, 2, 4])) }),
      captionKey({ ...base, modelId: 'folder:/models/x' }),
      captionKey({ ...base, optionsKey: '["",1,30]' }),
    ]);
    assert.equal(keys.size, 4);
    assert.equal(captionKey({ ...base }), captionKey(base));
  });

  it('persists captions across instances', async () => {
    const first = new CaptionCache(file, 100, 10);
    await first.set('k1', 'a cat');
    await first.flush();
    const second = new CaptionCache(file);
    assert.equal(await second.get('k1'), 'a cat');
    assert.equal(await second.get('k2'), undefined);
  });

  it('merges what another window wrote meanwhile instead of overwriting it', async () => {
    const one = new CaptionCache(file);
    const two = new CaptionCache(file);
    await one.get('warm-up');
    await two.get('warm-up');
    await one.set('from-one', 'a dog');
    await one.flush();
    await two.set('from-two', 'a bird');
    await two.flush();
    const fresh = new CaptionCache(file);
    assert.equal(await fresh.get('from-one'), 'a dog');
    assert.equal(await fresh.get('from-two'), 'a bird');
  });

  it('drops the least recently used entries beyond its size', async () => {
    const cache = new CaptionCache(file, 2, 10);
    await cache.set('old', '1');
    await new Promise((r) => setTimeout(r, 5));
    await cache.set('middle', '2');
    await new Promise((r) => setTimeout(r, 5));
    await cache.set('new', '3');
    await cache.flush();
    const fresh = new CaptionCache(file);
    assert.equal(await fresh.get('old'), undefined);
    assert.equal(await fresh.get('middle'), '2');
    assert.equal(await fresh.get('new'), '3');
  });

  it('treats a corrupt file as empty and replaces it on the next write', async () => {
    const cache0 = new CaptionCache(file);
    await cache0.set('x', 'y');
    await cache0.flush();
    writeFileSync(file, '{"version":1,"entries":');
    const cache = new CaptionCache(file);
    assert.equal(await cache.get('x'), undefined);
    await cache.set('k', 'v');
    await cache.flush();
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, 'utf8')).entries), ['k']);
  });

  it('clears memory and file', async () => {
    const cache = new CaptionCache(file);
    await cache.set('k', 'v');
    await cache.flush();
    await cache.clear();
    assert.equal(existsSync(file), false);
    assert.equal(await cache.get('k'), undefined);
  });
});
