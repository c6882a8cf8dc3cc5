import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';
import type { HubServerOptions } from '../helpers/hubServer';
import { PickleWriter } from '../helpers/pickle-writer';
import { runCli } from '../helpers/runCli';
import { REPO, TINY, rejection, useHub, withHubEnvironment } from '../helpers/useHub';
import { writeZip } from '../helpers/zip-writer';
import { ModelStore } from '../../src/inference/store';
import { assertInside } from '../../src/inference/store/paths';
import { removeInside } from '../../src/inference/store/removeInside';

const WEIGHTS = 'model.safetensors';

/** Every file under `dir` with its sha256, so a test can show that nothing there changed. */
function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

describe('abuse: a hostile model hub', function () {
  const hub = useHub();

  async function start(options: Partial<HubServerOptions>): Promise<ModelStore> {
    await hub.start(options);
    return hub.store({ idleTimeoutMs: 5000 });
  }

  /** Folders next to the cache that a path-like commit would reach: the snapshot and the fp32 pack. */
  function plantVictims(): Map<string, string> {
    for (const name of ['victim', 'victim-fp32', path.join('cache', 'victim'), path.join('cache', 'victim-fp32')]) {
      mkdirSync(path.join(hub.root, name), { recursive: true });
      writeFileSync(path.join(hub.root, name, 'config.json'), `{"owner": "${name}"}\n`);
      writeFileSync(path.join(hub.root, name, 'keep.txt'), 'precious\n');
    }
    return fingerprint(hub.root);
  }

  for (const commit of [
    '../../../victim',
    '../../victim',
    '../victim',
    '/tmp/victim',
    'victim',
    '0123456789abcdef0123456789abcdef0123456',
    'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
    '',
  ]) {
    it(`refuses X-Repo-Commit ${JSON.stringify(commit)} before it touches the disk`, async () => {
      const before = plantVictims();
      const store = await start({ commitHeader: commit });
      for (const attempt of [store.plan({ repo: REPO }), store.fetch({ repo: REPO })]) {
        const err = await rejection(attempt);
        assert.equal(err.code, 'server', err.message);
        assert.match(err.message, commit ? /X-Repo-Commit .* not a 40-digit commit id/ : /without the commit/);
        assert.match(err.message, new RegExp(new URL(hub.server.hubUrl).host.replace(/[.]/g, '\\.')));
      }
      assert.deepEqual(fingerprint(hub.root), before, 'no file outside or inside the cache changed');
      assert.equal(hub.server.requests.filter((r) => r.method === 'GET').length, 0, 'nothing was downloaded');
    });
  }

  it('`model fetch` against a hub answering X-Repo-Commit ../../../victim exits with the reason and changes nothing', async () => {
    const before = plantVictims();
    await start({ commitHeader: '../../../victim' });
    const { code, stderr } = await withHubEnvironment(hub.server, () =>
      runCli(['model', 'fetch', '--yes', '--repo', REPO, '--cache-dir', hub.cacheDir]),
    );
    assert.notEqual(code, 0);
    assert.match(stderr, /X-Repo-Commit '\.\.\/\.\.\/\.\.\/victim', which is not a 40-digit commit id; nothing was downloaded/);
    assert.deepEqual(fingerprint(hub.root), before, 'no file outside or inside the cache changed');
    assert.equal(hub.server.requests.filter((r) => r.method === 'GET').length, 0);
  });

  it('refuses file names that are not plain before asking the hub', async () => {
    const store = await start({});
    // The hub client is internal; a shard index is the one way a hub names files, held by
    // shardNames. Here the guard below it: RemoteFile names are checked at the client too.
    const client = (store as unknown as { hub: { head(repo: string, rev: string, file: string): Promise<unknown> } }).hub;
    for (const name of ['../config.json', 'a/b.json', '..', '.snapshot.json', 'x\\y.json', '']) {
      const err = await rejection(client.head(REPO, 'main', name));
      assert.equal(err.code, 'corrupt', name);
      assert.match(err.message, /not a plain file name/);
    }
    assert.equal(hub.server.requests.length, 0, 'no request was made for them');
  });

  it('never removes anything outside the folder it is confined to', async () => {
    const before = plantVictims();
    for (const target of [hub.root, path.join(hub.root, 'victim'), path.join(hub.cacheDir, '..', 'victim-fp32'), hub.cacheDir]) {
      await assert.rejects(removeInside(hub.cacheDir, target, { recursive: true }), /not inside the model cache/);
    }
    assert.throws(() => assertInside(hub.cacheDir, path.join(hub.cacheDir, 'hub', '..', '..', 'victim')), /not inside/);
    assert.equal(assertInside(hub.cacheDir, path.join(hub.cacheDir, 'hub', 'x')), path.join(hub.cacheDir, 'hub', 'x'));
    assert.deepEqual(fingerprint(hub.root), before);
  });

  it('gives up with a clear error when the announced size is larger than the file', async () => {
    const real = readFileSync(path.join(TINY, WEIGHTS)).length;
    const store = await start({ announcedSizes: { [WEIGHTS]: real + 4096 } });
    const err = await rejection(store.fetch({ repo: REPO }));
    assert.equal(err.code, 'hash-mismatch', err.message);
    assert.match(err.message, new RegExp(`${WEIGHTS} on .* has ${real} bytes, but the hub announced ${real + 4096}`));
    const gets = hub.server.downloads(WEIGHTS);
    assert.ok(gets.length >= 1 && gets.length <= 5, `bounded: ${gets.length} requests`);
    const snapshots = path.join(hub.cacheDir, 'hub', 'models--tester--tiny-blip', 'snapshots', hub.server.commit);
    assert.ok(!readdirSync(snapshots).includes(WEIGHTS), 'the short file never reached the snapshot');
    assert.ok(!readdirSync(hub.cacheDir).includes('packs'), 'nothing was converted');
  });

  it('gives up when a resumed download keeps meeting a file shorter than announced', async () => {
    const real = readFileSync(path.join(TINY, WEIGHTS)).length;
    const store = await start({ announcedSizes: { [WEIGHTS]: real + 4096 } });
    // A partial from an earlier run that already holds the whole (short) file: the CDN answers 416.
    const partialDir = path.join(hub.cacheDir, 'hub', 'models--tester--tiny-blip', 'partial');
    mkdirSync(partialDir, { recursive: true });
    writeFileSync(path.join(partialDir, `${hub.server.files.get(WEIGHTS)!.sha256}.part`), readFileSync(path.join(TINY, WEIGHTS)));
    const err = await rejection(store.fetch({ repo: REPO }));
    assert.equal(err.code, 'hash-mismatch', err.message);
    assert.match(err.message, /announced/);
    const gets = hub.server.downloads(WEIGHTS);
    assert.ok(gets.length >= 1 && gets.length <= 5, `bounded: ${gets.length} requests`);
    assert.equal(gets[0].range, `bytes=${real}-`);
  });
});

/** Deflates `size` zero bytes without ever holding them: what a zip bomb's entry is. */
async function deflatedZeros(size: number): Promise<{ bytes: Uint8Array; crc: number; size: number }> {
  const chunk = Buffer.alloc(1 << 20);
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = 0;
  for (let left = size; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { bytes: Buffer.concat(parts), crc: crc >>> 0, size };
}

/** A minimal torch.save archive: one float32 storage of 4 elements named by a tensor. */
function torchPickle(): Uint8Array {
  const p = new PickleWriter().proto(2);
  p.global('collections', 'OrderedDict').emptyTuple().reduce();
  p.mark().string('vision_model.post_layernorm.weight');
  p.global('torch._utils', '_rebuild_tensor_v2').mark();
  p.mark().string('storage').global('torch', 'FloatStorage').string('0').string('cpu').int(4).tuple().binPersId();
  p.int(0).mark().int(4).tuple().mark().int(1).tuple().bool(false);
  p.global('collections', 'OrderedDict').emptyTuple().reduce();
  p.tuple().reduce();
  p.setItems().stop();
  return p.bytes();
}

describe('abuse: a pytorch_model.bin that inflates far past its declared size', function () {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'abuse-zip-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stops inflating at the declared size and says the archive is corrupt', async () => {
    const bombBytes = 1 << 30;
    const bomb = await deflatedZeros(bombBytes);
    const file = path.join(dir, 'pytorch_model.bin');
    // The storage declares the 16 bytes its 4 floats need; its data inflates to 1 GiB.
    const zip = writeZip([
      { name: 'archive/data.pkl', data: torchPickle() },
      { name: 'archive/byteorder', data: new TextEncoder().encode('little') },
      { name: 'archive/data/0', data: new Uint8Array(0), precompressed: bomb, declaredSize: 16 },
    ]);
    writeFileSync(file, zip);
    assert.ok(statSync(file).size < 4 << 20, 'the archive itself is small');
    // In a child process, so its peak memory is its own and not what earlier tests left behind.
    const script = `
      const { readPytorchBin } = require(${JSON.stringify(path.resolve(__dirname, '../../src/inference/checkpoint/pytorch-bin.ts'))});
      readPytorchBin(process.argv[1]).then(
        () => console.log(JSON.stringify({ ok: true, maxRSS: process.resourceUsage().maxRSS * 1024 })),
        (e) => console.log(JSON.stringify({ ok: false, message: e.message, maxRSS: process.resourceUsage().maxRSS * 1024 })));`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '-e', script, file], { maxBuffer: 1 << 20 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { ok: boolean; message?: string; maxRSS: number };
    assert.equal(result.ok, false);
    assert.match(result.message!, /inflates to more than the 16 bytes it declares: the archive is corrupt/);
    assert.ok(result.message!.includes(file), 'the message names the file');
    assert.ok(
      result.maxRSS < bombBytes / 2,
      `peak memory ${(result.maxRSS / 2 ** 20).toFixed(0)} MiB stayed far below the 1 GiB the entry inflates to`,
    );
  });

  it('refuses an entry whose declared size deflate could never reach', async () => {
    const file = path.join(dir, 'claims.bin');
    const pre = await deflatedZeros(1024);
    writeFileSync(file, writeZip([{ name: 'archive/data.pkl', data: new Uint8Array(0), precompressed: pre, declaredSize: 0x7fffffff }]));
    const { ZipArchive } = await import('../../src/inference/checkpoint/zip');
    const archive = await ZipArchive.open(file);
    try {
      await assert.rejects(archive.read('archive/data.pkl'), /more than deflate can: the archive is corrupt/);
    } finally {
      await archive.close();
    }
  });
});
