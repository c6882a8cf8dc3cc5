import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { toError, type OcrReply, type OcrRequest, type OcrSetup } from './protocol';
import type { VisibleTextResult } from './readVisibleText';

/** How long the thread may take to stop tesseract after 'dispose' before it is terminated. */
const DISPOSE_GRACE_MS = 5000;

/**
 * Reads the text in screenshots and diagrams off the caller's thread: a worker thread of its own
 * (not one of the caption worker's, so that a slow recognition never holds up the next caption)
 * that decodes, judges and hands the image to tesseract.js. Started on first use; tesseract.js
 * itself on the first image that looks like a screenshot, so a photograph costs a decode and the
 * judgement, no recognition.
 */
export class TextReader {
  private readonly pending = new Map<number, { resolve: (v: VisibleTextResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private dead: Error | undefined;

  private constructor(private readonly worker: Worker) {}

  static async start(limits: OcrSetup = {}): Promise<TextReader> {
    const worker = startWorker(limits);
    const reader = new TextReader(worker);
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: OcrReply) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed') reject(toError(message.error));
        else reader.settle(message);
      });
      const fail = (err: Error) => {
        reader.dead ??= err;
        reject(err);
        for (const p of reader.pending.values()) p.reject(err);
        reader.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the text-reading thread stopped (exit code ${code})`)));
    }).catch(async (err) => {
      await worker.terminate();
      throw err;
    });
    return reader;
  }

  /** The image's short visible text ('' when it does not look like a screenshot or holds none). */
  read(image: string | Uint8Array, name?: string, signal?: AbortSignal): Promise<VisibleTextResult> {
    if (this.dead) return Promise.reject(this.dead);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    return new Promise<VisibleTextResult>((resolve, reject) => {
      // A recognition cannot be interrupted; a cancelled caller just stops waiting for it.
      const onAbort = () => {
        this.pending.delete(id);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
      });
      this.worker.postMessage({ type: 'read', id, image, name } satisfies OcrRequest);
    });
  }

  async dispose(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'dispose' } satisfies OcrRequest);
    const timer = setTimeout(() => void this.worker.terminate(), DISPOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private settle(message: Extract<OcrReply, { type: 'done' | 'error' }>): void {
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if (message.type === 'done') p.resolve(message.value);
    else p.reject(toError(message.error));
  }
}

/** dist/ocrWorker.js next to the bundle, or the TypeScript entry through tsx's hook (tests, tools). */
function startWorker(workerData: OcrSetup): Worker {
  const bundled = path.join(__dirname, 'ocrWorker.js');
  if (existsSync(bundled)) return new Worker(bundled, { workerData });
  const entry = path.join(__dirname, 'ocrWorkerMain.ts');
  const devHook = 'tsx/cjs';
  const hook = JSON.stringify(require.resolve(devHook));
  return new Worker(`require(${hook}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}
