import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { checkFreeSpace, formatBytes } from '../../../src/inference/store/download';
import { diskError, toStoreError } from '../../../src/inference/store/errors';
import { REPO, rejection, useHub } from './fixtures';

const systemError = (code: string) => Object.assign(new Error(`${code} happened`), { code });

describe('model store: error messages', () => {
  it('names DNS failures, refused connections and timeouts with what to check', () => {
    const dns = toStoreError(systemError('ENOTFOUND'), 'huggingface.co');
    assert.equal(dns.code, 'network');
    assert.match(
      dns.message,
      /Cannot resolve huggingface\.co \(DNS lookup failed: ENOTFOUND\)\. Check the internet connection and proxy settings, or point the extension at a local model folder/,
    );
    assert.equal(toStoreError(systemError('ETIMEDOUT'), 'h').code, 'timeout');
    assert.equal(toStoreError(systemError('ECONNRESET'), 'h').code, 'network');
    assert.equal(toStoreError(Object.assign(new Error('x'), { name: 'AbortError' }), 'h').code, 'cancelled');
  });

  it('names the folder of a full disk', () => {
    const full = diskError(systemError('ENOSPC'), '/cache');
    assert.equal((full as { code?: string }).code, 'disk-full');
    assert.match(full.message, /The disk holding the model cache \(\/cache\) is full/);
    const other = systemError('EISDIR');
    assert.equal(diskError(other, '/cache'), other, 'other errors pass through');
  });

  it('refuses before downloading when the disk cannot hold the rest', async () => {
    const statfs = (async () => ({ bavail: 10, bsize: 4096 })) as never;
    const error = await rejection(checkFreeSpace('/cache', 1_000_000, statfs));
    assert.equal(error.code, 'disk-full');
    assert.match(error.message, /needs 977 KB more in \/cache, but only 40 KB is free/);
    await checkFreeSpace('/cache', 40_000, statfs);
  });

  it('formats sizes for people', () => {
    assert.deepEqual([0, 1023, 1536, 5 * 1024 ** 2, 990_000_000, 3 * 1024 ** 4].map(formatBytes), [
      '0 B',
      '1023 B',
      '1.5 KB',
      '5.0 MB',
      '944 MB',
      '3.0 TB',
    ]);
  });
});

describe('model store: a disk that fills up mid-download', () => {
  const hub = useHub();

  // /dev/full answers every write with ENOSPC: a partial file linked to it is a full disk.
  (existsSync('/dev/full') ? it : it.skip)('stops with a disk-full error naming the cache folder', async () => {
    const server = await hub.start();
    const partial = path.join(hub.cacheDir, 'hub', 'models--tester--tiny-blip', 'partial');
    mkdirSync(partial, { recursive: true });
    symlinkSync('/dev/full', path.join(partial, `${server.files.get('model.safetensors')!.sha256}.part`));
    const error = await rejection(hub.store().fetch({ repo: REPO }));
    assert.equal(error.code, 'disk-full');
    assert.match(error.message, /The disk holding the model cache \(.*partial\) is full/);
    assert.equal(await hub.store().findReady({ repo: REPO }), undefined);
  });
});
