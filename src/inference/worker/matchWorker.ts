import type { Worker } from 'node:worker_threads';
import type { MatcherOptions, MatchScore } from '../matcher';
import { deserializeError, type SerializedError } from './protocol';
import { closeThread, PendingCalls, startWorkerScript } from './threadCalls';

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

/**
 * ImageTextMatcher in a worker thread of its own (dist/matchWorker.js), so that decoding an image
 * and running the matching model never happen on the caller's thread (the extension host's). The
 * thread scores one request at a time, in the order they came; each can be cancelled.
 */
export class MatchWorker {
  private readonly calls = new PendingCalls<MatchScore[]>();

  private constructor(
    private readonly worker: Worker,
    /** The converted matching pack the model runs from. */
    readonly packDir: string,
  ) {
    worker.on('message', (message: MatchReply) => {
      if (message.type === 'done') this.calls.settle(message.id, { value: message.scores });
      else if (message.type === 'error') this.calls.settle(message.id, { error: deserializeError(message.error) });
    });
    const fail = (err: Error) => this.calls.fail(err);
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the matching thread stopped (exit code ${code})`)));
  }

  /** Loads the matching model (converting a checkpoint folder into the cache first if needed) in a new thread. */
  static start(modelDir: string, options: MatcherOptions = {}): Promise<MatchWorker> {
    const worker = startWorkerScript(__dirname, 'matchWorker', { modelDir, options } satisfies MatchWorkerSetup);
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
    return this.calls.call(
      (id) => this.worker.postMessage({ type: 'score', id, image, texts: [...texts] } satisfies MatchRequest),
      (id) => this.worker.postMessage({ type: 'cancel', id } satisfies MatchRequest),
      signal,
    );
  }

  /** Asks the thread to release its sessions and exit; terminates it if it does not in time. */
  async dispose(): Promise<void> {
    if (this.calls.dead) return;
    await closeThread(this.worker, () => this.worker.postMessage({ type: 'dispose' } satisfies MatchRequest));
  }
}
