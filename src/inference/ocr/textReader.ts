import type { Worker } from 'node:worker_threads';
import { closeThread, PendingCalls, startWorkerScript } from '../worker/threadCalls';
import { toError, type OcrReply, type OcrRequest, type OcrSetup } from './protocol';
import type { VisibleTextResult } from './readVisibleText';

/**
 * Reads the text in screenshots and diagrams off the caller's thread: a worker thread of its own
 * (not one of the caption worker's, so that a slow recognition never holds up the next caption)
 * that decodes, judges and hands the image to tesseract.js. Started on first use; tesseract.js
 * itself on the first image that looks like a screenshot, so a photograph costs a decode and the
 * judgement, no recognition.
 */
export class TextReader {
  private readonly calls = new PendingCalls<VisibleTextResult>();

  private constructor(private readonly worker: Worker) {}

  static async start(limits: OcrSetup = {}): Promise<TextReader> {
    const worker = startWorkerScript(__dirname, 'ocrWorker', limits satisfies OcrSetup);
    const reader = new TextReader(worker);
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: OcrReply) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed') reject(toError(message.error));
        else reader.calls.settle(message.id, message.type === 'done' ? { value: message.value } : { error: toError(message.error) });
      });
      const fail = (err: Error) => {
        reject(err);
        reader.calls.fail(err);
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
    return this.calls.call(
      (id) => this.worker.postMessage({ type: 'read', id, image, name } satisfies OcrRequest),
      // A recognition cannot be interrupted; a cancelled caller just stops waiting for it.
      undefined,
      signal,
    );
  }

  async dispose(): Promise<void> {
    if (this.calls.dead) return;
    await closeThread(this.worker, () => this.worker.postMessage({ type: 'dispose' } satisfies OcrRequest));
  }
}
