import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { deserializeError, type SerializedError } from './protocol';

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

/** What every thread of ours is sent besides its work: stop request `id`, or release everything and exit. */
export type ControlRequest = { type: 'cancel'; id: number } | { type: 'dispose' };

/** What every thread of ours answers: whether it started (with what it reports then), then each request's outcome. */
export type ThreadReply<Value, Ready extends object = object> =
  | ({ type: 'ready' } & Ready)
  | { type: 'failed'; error: SerializedError }
  | { type: 'done'; id: number; value: Value }
  | { type: 'error'; id: number; error: SerializedError };

/** A request as the caller words it: the channel gives it its id. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * One worker thread of ours (started by startWorkerScript, served by serveRequests) and the
 * requests in flight on it. `ready` settles once the thread has loaded what it needs, with what its
 * 'ready' reply carries, or with its load error; a thread that fails to start is ended.
 */
export class ThreadChannel<Work extends { id: number }, Value, Ready extends object = object> {
  private readonly worker: Worker;
  private readonly calls = new PendingCalls<Value>();
  readonly ready: Promise<Ready>;

  /** `thread` names it in the error when it stops ('the matching thread'). */
  constructor(dir: string, script: string, workerData: unknown, thread: string) {
    this.worker = startWorkerScript(dir, script, workerData);
    let loaded = false;
    this.ready = new Promise<Ready>((resolve, reject) => {
      this.worker.on('message', (message: ThreadReply<Value, Ready>) => {
        if (message.type === 'ready') {
          loaded = true;
          resolve(message);
        } else if (message.type === 'failed') reject(deserializeError(message.error));
        else this.calls.settle(message.id, message.type === 'done' ? { value: message.value } : { error: deserializeError(message.error) });
      });
      const fail = (err: Error) => {
        reject(err);
        this.calls.fail(err);
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => fail(new Error(`${thread} stopped${loaded ? '' : ' while loading the model'} (exit code ${code})`)));
    });
    // A load failure is reported through `ready` (this handler keeps it from also counting as
    // unhandled); the thread that failed is not left running.
    this.ready.catch(() => void this.worker.terminate());
  }

  /**
   * Sends `work` (transferring `transfer`) and settles with the thread's reply. An aborted call
   * stops waiting at once and, unless the thread cannot stop its work (`cancellable: false`), the
   * thread is told to stop it.
   */
  call(work: WithoutId<Work>, options: { transfer?: ArrayBuffer[]; signal?: AbortSignal; cancellable?: boolean } = {}): Promise<Value> {
    const { transfer = [], signal, cancellable = true } = options;
    return this.calls.call(
      (id) => this.worker.postMessage({ ...work, id }, transfer),
      cancellable ? (id) => this.worker.postMessage({ type: 'cancel', id } satisfies ControlRequest) : undefined,
      signal,
    );
  }

  /** Asks the thread to release its resources and exit; terminates it if it does not in time. */
  async close(): Promise<void> {
    if (this.calls.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'dispose' } satisfies ControlRequest);
    const timer = setTimeout(() => void this.worker.terminate(), DISPOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
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
