import { ThreadChannel } from '../worker/threadCalls';
import type { OcrCall, OcrSetup } from './protocol';
import type { VisibleTextResult } from './readVisibleText';

/**
 * Reads the text in screenshots and diagrams off the caller's thread: a worker thread of its own
 * (not one of the caption worker's, so that a slow recognition never holds up the next caption)
 * that decodes, judges and hands the image to tesseract.js. Started on first use; tesseract.js
 * itself on the first image that looks like a screenshot, so a photograph costs a decode and the
 * judgement, no recognition.
 */
export class TextReader {
  private constructor(private readonly thread: ThreadChannel<OcrCall, VisibleTextResult>) {}

  static async start(limits: OcrSetup = {}): Promise<TextReader> {
    const thread = new ThreadChannel<OcrCall, VisibleTextResult>(
      __dirname,
      'ocrWorker',
      limits satisfies OcrSetup,
      'the text-reading thread',
    );
    await thread.ready;
    return new TextReader(thread);
  }

  /** The image's short visible text ('' when it does not look like a screenshot or holds none). */
  read(image: string | Uint8Array, name?: string, signal?: AbortSignal): Promise<VisibleTextResult> {
    // A recognition cannot be interrupted; a cancelled caller just stops waiting for it.
    return this.thread.call({ type: 'read', image, name }, { signal, cancellable: false });
  }

  dispose(): Promise<void> {
    return this.thread.close();
  }
}
