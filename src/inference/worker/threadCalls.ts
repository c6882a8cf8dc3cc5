import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** How long a thread may take to release its sessions after 'dispose' before it is terminated. */
const DISPOSE_GRACE_MS = 5000;

/**
 * The requests in flight on one worker thread: each call gets an id, its reply settles it, a
 * cancelled call is abandoned at once (the thread is told to stop it too), and once the thread has
 * died every call still waiting, and every later one, is rejected with why.
 */
export class PendingCalls<T> {
  private readonly pending = new Map<number, { resolve: (value: T) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private deadWith: Error | undefined;

  /** Why the thread died, once it has. */
  get dead(): Error | undefined {
    return this.deadWith;
  }

  /**
   * Sends request `id` with `send`. An aborted call stops waiting at once, and `cancel`, where the
   * thread can stop a request, tells it to.
   */
  call(send: (id: number) => void, cancel: ((id: number) => void) | undefined, signal?: AbortSignal): Promise<T> {
    if (this.deadWith) return Promise.reject(this.deadWith);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        cancel?.(id);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      send(id);
    });
  }

  /** Settles call `id` with the thread's reply; a call cancelled meanwhile is gone already. */
  settle(id: number, reply: { value: T } | { error: Error }): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if ('error' in reply) waiting.reject(reply.error);
    else waiting.resolve(reply.value);
  }

  /** The thread died: every call waiting is rejected with `err`, and so is every later one. */
  fail(err: Error): void {
    this.deadWith ??= err;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}

/** Asks a thread to release its resources and exit (`sendDispose`); terminates it if it does not in time. */
export async function closeThread(worker: Worker, sendDispose: () => void): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  sendDispose();
  const timer = setTimeout(() => void worker.terminate(), DISPOSE_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a worker on its script: `<name>.js` in `dir` when `dir` is the bundle's folder (dist/),
 * or, when running from the TypeScript sources (tests, tools run with tsx), the entry module
 * `<name>Main.ts` there, loaded through tsx's require hook, which a worker does not inherit from
 * its parent. (Only that hook: code on this path loads modules statically.) Callers pass their
 * own `__dirname`, which is the bundle's folder once bundled.
 */
export function startWorkerScript(dir: string, name: string, workerData: unknown): Worker {
  const bundled = path.join(dir, `${name}.js`);
  if (existsSync(bundled)) return new Worker(bundled, { workerData });
  const entry = path.join(dir, `${name}Main.ts`);
  // A variable, not a literal, so that bundlers leave this development-only path alone.
  const devHook = 'tsx/cjs';
  const hook = JSON.stringify(require.resolve(devHook));
  return new Worker(`require(${hook}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}
