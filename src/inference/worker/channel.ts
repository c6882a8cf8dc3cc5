import type { Worker } from 'node:worker_threads';
import { deserializeError, type WorkerReply, type WorkerRequest, type WorkerRole } from './protocol';
import { closeThread, PendingCalls, startWorkerScript } from './threadCalls';

type Call = Extract<WorkerRequest, { type: 'preprocess' | 'caption' }>;
type CallBody = Call extends infer C ? (C extends Call ? Omit<C, 'id'> : never) : never;

/**
 * One worker thread and the requests in flight on it: each call gets an id, its reply settles it,
 * a cancelled call is abandoned at once (the thread is told to stop it too), and a thread that
 * dies rejects everything still waiting.
 */
export class WorkerChannel {
  private readonly worker: Worker;
  private readonly calls = new PendingCalls<unknown>();
  /** Settles with the pack folder once the thread has loaded what it needs, or with its load error. */
  readonly ready: Promise<string>;

  constructor(setup: WorkerRole) {
    this.worker = startWorkerScript(__dirname, 'captionWorker', setup);
    this.ready = new Promise<string>((resolve, reject) => {
      this.worker.on('message', (message: WorkerReply) => {
        if (message.type === 'ready') resolve(message.packDir);
        else if (message.type === 'failed') reject(deserializeError(message.error));
        else this.calls.settle(message.id, message.type === 'done' ? { value: message.value } : { error: deserializeError(message.error) });
      });
      const fail = (err: Error) => {
        reject(err);
        this.calls.fail(err);
      };
      this.worker.on('error', (err) => fail(err));
      this.worker.on('exit', (code) => fail(new Error(`the caption worker thread stopped (exit code ${code})`)));
    });
    // A load failure is reported through `ready`; this keeps it from also counting as unhandled.
    this.ready.catch(() => undefined);
  }

  call<T>(body: CallBody, transfer: ArrayBuffer[] = [], signal?: AbortSignal): Promise<T> {
    return this.calls.call(
      (id) => this.worker.postMessage({ ...body, id } as WorkerRequest, transfer),
      (id) => this.worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest),
      signal,
    ) as Promise<T>;
  }

  /** Asks the thread to release its resources and exit; terminates it if it does not in time. */
  async close(): Promise<void> {
    if (this.calls.dead) return;
    await closeThread(this.worker, () => this.worker.postMessage({ type: 'dispose' } satisfies WorkerRequest));
  }
}
