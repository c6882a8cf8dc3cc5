import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Progress } from '../../../src/inference/store';
import { REPO, TINY, TINY_BIN, WEIGHTS, rejection, useHub } from './fixtures';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('model store: fetching from the hub', () => {
  const hub = useHub();

  it('plans the download from the hub headers: files, sizes, host, commit', async () => {
    const server = await hub.start();
    const plan = await hub.store().plan({ repo: REPO });
    assert.equal(plan.commit, server.commit);
    assert.equal(plan.host, new URL(server.hubUrl).host);
    const names = plan.files.map((f) => f.name);
    assert.equal(names[0], 'config.json');
    assert.equal(names.at(-1), WEIGHTS, 'weights come last');
    for (const f of plan.files) assert.equal(f.bytes, server.files.get(f.name)!.bytes.length, f.name);
    assert.equal(
      plan.totalBytes,
      plan.files.reduce((a, f) => a + f.bytes, 0),
    );
    assert.equal(plan.remainingBytes, plan.totalBytes);
    assert.equal(server.requests.filter((r) => r.method === 'GET').length, 0, 'planning downloads nothing');
  });

  it('downloads, verifies and converts; then works with the server gone', async () => {
    const server = await hub.start();
    const store = hub.store();
    assert.equal(await store.findReady({ repo: REPO }), undefined, 'nothing cached yet');
    const seen: Progress[] = [];
    const pack = await store.fetch({ repo: REPO }, { onProgress: (p) => seen.push(p) });

    const manifest = JSON.parse(readFileSync(path.join(pack, 'manifest.json'), 'utf8'));
    assert.equal(manifest.source.repo, REPO);
    assert.equal(manifest.source.commit, server.commit);
    const weights = manifest.source.files.find((f: { name: string }) => f.name === WEIGHTS);
    assert.equal(weights.sha256, server.files.get(WEIGHTS)!.sha256);
    for (const f of manifest.files) assert.equal(sha256(path.join(pack, f.name)), f.sha256, f.name);
    assert.ok(manifest.files.some((f: { name: string }) => f.name === 'decoder.onnx'));

    assert.equal(server.downloads(WEIGHTS).length, 1);
    assert.equal(server.downloads(WEIGHTS)[0].server, 'cdn', 'weights come through the redirect');
    const last = seen.filter((p) => p.phase === 'downloading').at(-1)!;
    assert.equal(last.bytes, last.totalBytes);
    assert.ok(seen.some((p) => p.phase === 'converting'));

    await server.close();
    assert.equal(await hub.store().findReady({ repo: REPO }), pack, 'found offline by revision');
    assert.equal(await hub.store().fetch({ repo: REPO, revision: server.commit }), pack, 'and by commit, without the network');
  });

  it('sends the token to the hub but never to the CDN it redirects to', async () => {
    const server = await hub.start({ access: 'private', token: 'secret' });
    await hub.store({ token: 'secret' }).fetch({ repo: REPO });
    assert.ok(server.requests.filter((r) => r.server === 'hub').every((r) => r.authorization === 'Bearer secret'));
    const cdn = server.requests.filter((r) => r.server === 'cdn');
    assert.ok(cdn.length > 0);
    assert.ok(cdn.every((r) => r.authorization === undefined));
  });

  it('falls back to pytorch_model.bin when the repository has no safetensors', async () => {
    const server = await hub.start({ folder: TINY_BIN });
    const pack = await hub.store().fetch({ repo: REPO });
    assert.equal(server.downloads('pytorch_model.bin').length, 1);
    assert.ok(existsSync(path.join(pack, 'vision.onnx')));
  });

  it('follows the relative redirect of a renamed repository', async () => {
    await hub.start({ renamedFrom: 'tester/old-name' });
    const pack = await hub.store().fetch({ repo: 'tester/old-name' });
    assert.ok(existsSync(path.join(pack, 'manifest.json')));
  });

  it('resumes a file whose connection was cut, fetching few bytes twice', async () => {
    const size = statSync(path.join(TINY, WEIGHTS)).size;
    const server = await hub.start({ faults: [{ file: WEIGHTS, cutAfter: Math.floor(size * 0.6), times: 1 }] });
    await hub.store().fetch({ repo: REPO });
    const gets = server.downloads(WEIGHTS);
    assert.equal(gets.length, 2);
    assert.equal(gets[0].range, undefined);
    assert.equal(gets[1].range, `bytes=${Math.floor(size * 0.6)}-`, 'resumed where the cut left it');
    const sent = server.bytesSent.get(WEIGHTS)!;
    assert.ok(sent - size < size * 0.1, `${sent - size} bytes sent twice of ${size}`);
  });

  it('resumes in a later run from the partial file a failed run left', async () => {
    const size = statSync(path.join(TINY, WEIGHTS)).size;
    const cut = Math.floor(size / 2);
    const server = await hub.start({ faults: [{ file: WEIGHTS, cutAfter: cut, times: 1 }] });
    const error = await rejection(hub.store({ retries: 0 }).fetch({ repo: REPO }));
    assert.equal(error.code, 'network');
    const plan = await hub.store().plan({ repo: REPO });
    assert.equal(plan.totalBytes - plan.remainingBytes, plan.totalBytes - size + cut, 'the small files and half the weights are here');
    await hub.store().fetch({ repo: REPO });
    assert.equal(server.downloads(WEIGHTS).at(-1)!.range, `bytes=${cut}-`);
    assert.ok(server.bytesSent.get(WEIGHTS)! - size < size * 0.1);
  });

  it('asks the hub for a fresh address when the CDN refuses one (a signed address that expired)', async () => {
    const server = await hub.start({ faults: [{ file: WEIGHTS, status: 403, times: 1 }] });
    await hub.store().fetch({ repo: REPO });
    assert.equal(server.downloads(WEIGHTS).length, 2);
    assert.equal(server.requests.filter((r) => r.method === 'HEAD' && r.path.endsWith(`/${WEIGHTS}`)).length, 2);
  });

  it('retries a CDN that answers 503 for a while, and reports one that keeps refusing', async () => {
    const server = await hub.start({ faults: [{ file: WEIGHTS, status: 503, times: 2 }] });
    await hub.store().fetch({ repo: REPO });
    assert.equal(server.downloads(WEIGHTS).length, 3);
    await server.close();
    await hub.store().clear();
    await hub.start({ faults: [{ file: WEIGHTS, status: 403 }] });
    const error = await rejection(hub.store().fetch({ repo: REPO }));
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /403 Forbidden/);
  });

  it('rejects a file whose hash differs and caches nothing of it', async () => {
    await hub.start({ faults: [{ file: WEIGHTS, corrupt: true }] });
    const store = hub.store();
    const error = await rejection(store.fetch({ repo: REPO }));
    assert.equal(error.code, 'hash-mismatch');
    assert.match(error.message, /model\.safetensors was damaged on the way \(its sha256 is [0-9a-f]{64}, the hub announced [0-9a-f]{64}\)/);
    assert.equal(await store.findReady({ repo: REPO }), undefined);
    const repoDir = path.join(hub.cacheDir, 'hub', 'models--tester--tiny-blip');
    const snapshot = path.join(repoDir, 'snapshots', hub.server.commit);
    assert.ok(!existsSync(path.join(snapshot, WEIGHTS)), 'the damaged file never reaches the snapshot');
    assert.ok(!existsSync(path.join(snapshot, '.snapshot.json')));
    assert.deepEqual(readdirSync(path.join(repoDir, 'partial')), [], 'nor stays as a partial file');
    assert.ok(!existsSync(path.join(hub.cacheDir, 'packs')));
  });

  it('also checks small files against their git hash', async () => {
    await hub.start({ faults: [{ file: 'tokenizer.json', corrupt: true }] });
    const error = await rejection(hub.store().fetch({ repo: REPO }));
    assert.equal(error.code, 'hash-mismatch');
    assert.match(error.message, /tokenizer\.json .*git hash/);
  });

  it('says which repository or revision was not found', async () => {
    await hub.start();
    const missingRepo = await rejection(hub.store().plan({ repo: 'tester/no-such-model' }));
    assert.equal(missingRepo.code, 'not-found');
    assert.match(missingRepo.message, /tester\/no-such-model on 127\.0\.0\.1:\d+ was not found/);
    const missingRevision = await rejection(hub.store().fetch({ repo: REPO, revision: 'v9' }));
    assert.equal(missingRevision.code, 'not-found');
    assert.match(missingRevision.message, /revision 'v9' was not found/);
  });

  it('says that a private or gated repository needs a token', async () => {
    await hub.start({ access: 'private', token: 'secret' });
    const noToken = await rejection(hub.store().plan({ repo: REPO }));
    assert.equal(noToken.code, 'not-found');
    assert.match(noToken.message, /private repository also needs a token/);
    const wrongToken = await rejection(hub.store({ token: 'wrong' }).plan({ repo: REPO }));
    assert.equal(wrongToken.code, 'unauthorized');
    assert.match(wrongToken.message, /401 Unauthorized.*token given is invalid/);
  });

  it('says that a gated repository needs its terms accepted', async () => {
    await hub.start({ access: 'gated', token: 'secret' });
    const error = await rejection(hub.store().fetch({ repo: REPO }));
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /is gated: accept its terms/);
  });

  it('reports a host that refuses connections as a network error', async () => {
    const server = await hub.start();
    const endpoint = server.hubUrl;
    await server.close();
    const error = await rejection(hub.store({ endpoint }).plan({ repo: REPO }));
    assert.equal(error.code, 'network');
    assert.match(error.message, /ECONNREFUSED/);
  });
});
