import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelStoreError, diskError, systemErrorCode } from './errors';
import { sleep } from './sleep';

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  token: string;
}

export interface LockOptions {
  signal?: AbortSignal;
  /** A lock whose file has not been touched for this long is abandoned (its holder froze or its host died). */
  staleMs?: number;
  pollMs?: number;
  /** Called once if the lock is busy, before waiting for it. */
  onWait?: (holder: LockHolder | undefined) => void;
}

const DEFAULT_STALE_MS = 30_000;
const DEFAULT_POLL_MS = 200;
const LIVE_HOLDER_GRACE = 20;

/**
 * A lock between processes (VS Code windows, CLI runs) and within one, as a file created with
 * O_EXCL. The holder touches the file every few seconds; a waiter takes over a lock whose holder
 * process is gone (same host), or whose time stamp has gone stale: after `staleMs` for a holder on
 * another host (a cache on a network drive), after twenty times that for a live process here.
 * No lock library is needed for that, and the file says who holds it.
 */
export class FileLock {
  private heartbeat: NodeJS.Timeout | undefined;

  private constructor(
    readonly file: string,
    private readonly token: string,
    staleMs: number,
  ) {
    this.heartbeat = setInterval(
      () => {
        const now = new Date();
        fs.utimes(this.file, now, now).catch(() => undefined);
      },
      Math.max(10, Math.floor(staleMs / 4)),
    );
    // The heartbeat alone must not keep a finished CLI alive.
    this.heartbeat.unref();
  }

  /** Waits until the lock is free (or abandoned) and takes it. */
  static async acquire(file: string, options: LockOptions = {}): Promise<FileLock> {
    let told = false;
    for (;;) {
      const lock = await FileLock.tryAcquire(file, options);
      if (lock) return lock;
      if (!told) {
        told = true;
        options.onWait?.(await readHolder(file));
      }
      await sleep(options.pollMs ?? DEFAULT_POLL_MS, options.signal, cancelled);
    }
  }

  /** Takes the lock if it is free or abandoned; undefined if a live holder has it. */
  static async tryAcquire(file: string, options: Pick<LockOptions, 'staleMs' | 'signal'> = {}): Promise<FileLock | undefined> {
    const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    if (options.signal?.aborted) throw cancelled();
    await fs.mkdir(path.dirname(file), { recursive: true }).catch((err) => {
      throw diskError(err, path.dirname(file));
    });
    // A second try only after removing an abandoned lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = randomUUID();
      const holder: LockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), token };
      try {
        await fs.writeFile(file, JSON.stringify(holder), { flag: 'wx' });
        return new FileLock(file, token, staleMs);
      } catch (err) {
        if (systemErrorCode(err) !== 'EEXIST') throw diskError(err, path.dirname(file));
      }
      if (!(await breakIfAbandoned(file, staleMs))) return undefined;
    }
    return undefined;
  }

  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    // Only remove the file if it is still ours: after a stall long enough to be judged stale,
    // another process may hold it now.
    if ((await readHolder(this.file))?.token === this.token) await fs.rm(this.file, { force: true });
  }
}

/** Runs `fn` holding the lock, and releases it whatever happens. */
export async function withLock<T>(file: string, options: LockOptions, fn: () => Promise<T>): Promise<T> {
  const lock = await FileLock.acquire(file, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

/** Removes the lock file if its holder is gone or silent; true if it did (or the lock vanished). */
async function breakIfAbandoned(file: string, staleMs: number): Promise<boolean> {
  let mtimeMs: number;
  try {
    mtimeMs = (await fs.stat(file)).mtimeMs;
  } catch {
    return true; // Released meanwhile.
  }
  const holder = await readHolder(file);
  const sameHost = holder !== undefined && holder.host === os.hostname();
  if (sameHost && !processAlive(holder.pid)) return removeIfStill(file, holder);
  // A live holder on this host whose heartbeat stopped is most likely busy converting with the
  // event loop blocked, not dead: it gets far longer than a holder we cannot see.
  const silentFor = Date.now() - mtimeMs;
  if (silentFor <= (sameHost ? staleMs * LIVE_HOLDER_GRACE : staleMs)) return false;
  return removeIfStill(file, holder);
}

async function removeIfStill(file: string, holder: LockHolder | undefined): Promise<boolean> {
  // Re-read right before removing, so that a lock taken over by a third process in between is
  // left alone (the window is a few microseconds, and only ever opens on an abandoned lock).
  const again = await readHolder(file);
  if (again?.token !== holder?.token) return false;
  await fs.rm(file, { force: true });
  return true;
}

export async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') return parsed as LockHolder;
  } catch {
    // Missing, or caught between its creation and its first write.
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return systemErrorCode(err) === 'EPERM';
  }
}

function cancelled(): ModelStoreError {
  return new ModelStoreError('cancelled', 'Waiting for another download of the model was cancelled.');
}
