import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileLock, readHolder, withLock } from '../../../src/inference/store/lock';
import { eventually, rejection } from './fixtures';

describe('model store: file lock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lock-'));
    file = path.join(dir, 'sub', '.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one holder in at a time, the others in turn', async () => {
    const events: string[] = [];
    const work = (name: string) =>
      withLock(file, { pollMs: 10 }, async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 30));
        events.push(`${name} out`);
      });
    await Promise.all([work('a'), work('b'), work('c')]);
    for (let i = 0; i < events.length; i += 2) assert.equal(events[i].split(' ')[0], events[i + 1].split(' ')[0], events.join(', '));
    assert.equal(events.length, 6);
  });

  it('records who holds it and removes the file on release', async () => {
    const lock = await FileLock.acquire(file);
    const holder = await readHolder(file);
    assert.equal(holder?.pid, process.pid);
    assert.equal(holder?.host, os.hostname());
    assert.equal(await FileLock.tryAcquire(file), undefined);
    await lock.release();
    assert.equal(await readHolder(file), undefined);
  });

  it('takes over a lock whose process is gone', async () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(child.stdout);
    await FileLock.acquire(file).then((l) => l.release()); // creates the folder
    writeFileSync(file, JSON.stringify({ pid: deadPid, host: os.hostname(), since: new Date().toISOString(), token: 'old' }));
    const lock = await FileLock.tryAcquire(file);
    assert.ok(lock, 'taken over');
    assert.equal((await readHolder(file))?.pid, process.pid);
    await lock!.release();
  });

  it('takes over a lock that has gone silent, even from a live process', async () => {
    await FileLock.acquire(file).then((l) => l.release());
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: 'another-host', since: '2020-01-01T00:00:00Z', token: 'old' }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const lock = await FileLock.acquire(file, { staleMs: 1000, pollMs: 10 });
    assert.equal((await readHolder(file))?.host, os.hostname());
    await lock.release();
  });

  it('gives a live holder on this host much longer before its silence counts', async () => {
    await FileLock.acquire(file).then((l) => l.release());
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname(), since: '2020-01-01T00:00:00Z', token: 'busy' }));
    const recently = new Date(Date.now() - 5000);
    utimesSync(file, recently, recently);
    assert.equal(await FileLock.tryAcquire(file, { staleMs: 1000 }), undefined, 'silent 5 s, alive: still held');
    const long = new Date(Date.now() - 30_000);
    utimesSync(file, long, long);
    const lock = await FileLock.tryAcquire(file, { staleMs: 1000 });
    assert.ok(lock, 'silent 30 s: abandoned');
    await lock!.release();
  });

  it('keeps a live holder fresh past the stale time with its heartbeat', async () => {
    const lock = await FileLock.acquire(file, { staleMs: 200 });
    // Backdated far past any grace: only the heartbeat can make the lock fresh again.
    const long = new Date(Date.now() - 60_000);
    utimesSync(file, long, long);
    await eventually('the heartbeat to touch the lock file', () => statSync(file).mtimeMs > long.getTime() + 30_000);
    assert.equal(await FileLock.tryAcquire(file, { staleMs: 200 }), undefined);
    await lock.release();
  });

  it('stops waiting when cancelled', async () => {
    const lock = await FileLock.acquire(file);
    const controller = new AbortController();
    let told = false;
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(FileLock.acquire(file, { signal: controller.signal, onWait: () => (told = true) }));
    assert.equal(error.code, 'cancelled');
    assert.ok(told);
    await lock.release();
  });
});
