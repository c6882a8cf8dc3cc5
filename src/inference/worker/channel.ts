import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { deserializeError, type WorkerReply, type WorkerRequest, type WorkerRole } from './protocol';

type Call = Extract<WorkerRequest, { type: 'preprocess' | 'caption' }>;
type CallBody = Call extends infer C ? (C extends Call ? Omit<C, 'id'> : never) : never;

/** How long a thread may take to release its sessions after 'dispose' before it is terminated. */
const DISPOSE_GRACE_MS = 5000;

/**
 * One worker thread and the requests in flight on it: each call gets an id, its reply settles it,
 * a cancelled call is abandoned at once (the thread is told to stop it too), and a thread that
 * dies rejects everything still waiting.
 */
export class WorkerChannel {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private dead: Error | undefined;
  /** Settles with the pack folder once the thread has loaded what it needs, or with its load error. */
  readonly ready: Promise<string>;

  constructor(setup: WorkerRole) {
    this.worker = startWorker(setup);
    this.ready = new Promise<string>((resolve, reject) => {
      this.worker.on('message', (message: WorkerReply) => {
        if (message.type === 'ready') resolve(message.packDir);
        else if (message.type === 'failed') reject(deserializeError(message.error));
        else this.settle(message);
      });
      const fail = (err: Error) => {
        this.dead ??= err;
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      };
      this.worker.on('error', (err) => fail(err));
      this.worker.on('exit', (code) => fail(new Error(`the caption worker thread stopped (exit code ${code})`)));
    });
    // A load failure is reported through `ready`; this keeps it from also counting as unhandled.
    this.ready.catch(() => undefined);
  }

  call<T>(body: CallBody, transfer: ArrayBuffer[] = [], signal?: AbortSignal): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        this.worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      this.worker.postMessage({ ...body, id } as WorkerRequest, transfer);
    });
  }

  /** Asks the thread to release its resources and exit; terminates it if it does not in time. */
  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'dispose' } satisfies WorkerRequest);
    const timer = setTimeout(() => void this.worker.terminate(), DISPOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private settle(message: Extract<WorkerReply, { type: 'done' | 'error' }>): void {
    const p = this.pending.get(message.id);
    if (!p) return; // cancelled meanwhile
    this.pending.delete(message.id);
    if (message.type === 'done') p.resolve(message.value);
    else p.reject(deserializeError(message.error));
  }
}

/**
 * The worker's script: dist/captionWorker.js next to the bundle that contains this code, or, when
 * running from the TypeScript sources (tests, tools run with tsx), the entry module loaded through
 * tsx's require hook, which a worker does not inherit from its parent. (Only that hook:
 * code on this path loads modules statically.)
 */
function startWorker(workerData: WorkerRole): Worker {
  const bundled = path.join(__dirname, 'captionWorker.js');
  if (existsSync(bundled)) return new Worker(bundled, { workerData });
  const entry = path.join(__dirname, 'captionWorkerMain.ts');
  // A variable, not a literal, so that bundlers leave this development-only path alone.
  const devHook = 'tsx/cjs';
  const hook = JSON.stringify(require.resolve(devHook));
  return new Worker(`require(${hook}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}
