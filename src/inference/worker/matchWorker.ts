import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MatcherOptions, MatchScore } from '../matcher';
import { deserializeError, type SerializedError } from './protocol';

/** What the matching thread is started with. */
export interface MatchWorkerSetup {
  modelDir: string;
  options: MatcherOptions;
}

export type MatchRequest =
  { type: 'score'; id: number; image: string | Uint8Array; texts: string[] } | { type: 'cancel'; id: number } | { type: 'dispose' };

export type MatchReply =
  | { type: 'ready'; packDir: string }
  | { type: 'failed'; error: SerializedError }
  | { type: 'done'; id: number; scores: MatchScore[] }
  | { type: 'error'; id: number; error: SerializedError };

/** How long the thread may take to release its sessions after 'dispose' before it is terminated. */
const DISPOSE_GRACE_MS = 5000;

/**
 * ImageTextMatcher in a worker thread of its own (dist/matchWorker.js), so that decoding an image
 * and running the matching model never happen on the caller's thread (the extension host's). The
 * thread scores one request at a time, in the order they came; each can be cancelled.
 */
export class MatchWorker {
  private readonly pending = new Map<number, { resolve: (scores: MatchScore[]) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private dead: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    /** The converted matching pack the model runs from. */
    readonly packDir: string,
  ) {
    worker.on('message', (message: MatchReply) => {
      if (message.type !== 'done' && message.type !== 'error') return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return; // cancelled meanwhile
      this.pending.delete(message.id);
      if (message.type === 'done') waiting.resolve(message.scores);
      else waiting.reject(deserializeError(message.error));
    });
    const fail = (err: Error) => {
      this.dead ??= err;
      for (const waiting of this.pending.values()) waiting.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the matching thread stopped (exit code ${code})`)));
  }

  /** Loads the matching model (converting a checkpoint folder into the cache first if needed) in a new thread. */
  static start(modelDir: string, options: MatcherOptions = {}): Promise<MatchWorker> {
    const worker = startWorker({ modelDir, options });
    return new Promise<MatchWorker>((resolve, reject) => {
      const onMessage = (message: MatchReply) => {
        if (message.type === 'ready') {
          cleanup();
          resolve(new MatchWorker(worker, message.packDir));
        } else if (message.type === 'failed') {
          cleanup();
          void worker.terminate();
          reject(deserializeError(message.error));
        }
      };
      const onError = (err: Error) => {
        cleanup();
        reject(err);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`the matching thread stopped while loading the model (exit code ${code})`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  /** Scores every text against one image (a file or its bytes), in the order given. */
  score(image: string | Uint8Array, texts: readonly string[], signal?: AbortSignal): Promise<MatchScore[]> {
    if (this.dead) return Promise.reject(this.dead);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    return new Promise<MatchScore[]>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        this.worker.postMessage({ type: 'cancel', id } satisfies MatchRequest);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (scores) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(scores);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      this.worker.postMessage({ type: 'score', id, image, texts: [...texts] } satisfies MatchRequest);
    });
  }

  /** Asks the thread to release its sessions and exit; terminates it if it does not in time. */
  async dispose(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'dispose' } satisfies MatchRequest);
    const timer = setTimeout(() => void this.worker.terminate(), DISPOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * dist/matchWorker.js next to the bundle that holds this code; from the TypeScript sources (tests),
 * the entry module through tsx's require hook, which a worker does not inherit from its parent.
 */
function startWorker(workerData: MatchWorkerSetup): Worker {
  const bundled = path.join(__dirname, 'matchWorker.js');
  if (existsSync(bundled)) return new Worker(bundled, { workerData });
  const entry = path.join(__dirname, 'matchWorkerMain.ts');
  // A variable, not a literal, so that bundlers leave this development-only path alone.
  const devHook = 'tsx/cjs';
  const hook = JSON.stringify(require.resolve(devHook));
  return new Worker(`require(${hook}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}
