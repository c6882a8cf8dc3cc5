import type { CaptionerOptions } from '../captioner';
import { Semaphore } from '../runtime/semaphore';
import { styleOf, type CaptionRequest } from '../generation/request';
import { styleAltText } from '../generation/captionStyle';
import type { AltTextResult, CaptionResult } from '../types';
import type { WorkerCall, WorkerRole } from './protocol';
import { ThreadChannel } from './threadCalls';
import { LazyTextReader } from '../ocr/lazyTextReader';

export interface CaptionWorkerOptions extends CaptionerOptions {
  /** Images decoded and preprocessed ahead of the one being captioned. Default 2. */
  lookahead?: number;
}

/**
 * The Captioner off the caller's thread, as a pipeline of two worker threads: one decodes and
 * preprocesses images, the other runs the model, so image n+1 is prepared while image n is being
 * captioned. The caller's thread only passes messages. Calls may overlap; captions come back in
 * call order per pipeline stage, and each call can be cancelled with its AbortSignal.
 */
export class CaptionWorker {
  private readonly ahead: Semaphore;
  private readonly turn = new Semaphore(1);
  private readonly text: LazyTextReader;

  private constructor(
    /** The converted pack the model runs from. */
    readonly packDir: string,
    private readonly inference: CaptionThread,
    private readonly preprocessing: CaptionThread,
    lookahead: number,
    limits: { maxPixels?: number; maxFileBytes?: number },
  ) {
    this.ahead = new Semaphore(lookahead);
    this.text = new LazyTextReader(limits);
  }

  /** Loads the model (converting a checkpoint folder into the cache first if needed) in a new thread. */
  static async start(modelDir: string, options: CaptionWorkerOptions = {}): Promise<CaptionWorker> {
    const { lookahead = 2, ...captionerOptions } = options;
    const inference = captionThread({ role: 'inference', modelDir, options: captionerOptions });
    let packDir: string;
    try {
      ({ packDir } = await inference.ready);
    } catch (err) {
      await inference.close();
      throw err;
    }
    const preprocessing = captionThread({
      role: 'preprocess',
      packDir,
      maxPixels: options.maxPixels,
      maxFileBytes: options.maxFileBytes,
    });
    try {
      await preprocessing.ready;
    } catch (err) {
      await Promise.all([inference.close(), preprocessing.close()]);
      throw err;
    }
    return new CaptionWorker(packDir, inference, preprocessing, Math.max(1, lookahead), options);
  }

  /**
   * Captions an image file, or bytes already read (a caller that hashed them passes them on, so a
   * file is read once). The request says how to decode and how the alt text should read; with
   * `readText` the image's visible text is also read, in a thread of its own beside captioning,
   * when the image looks like a screenshot or a diagram (a file's name helps judge it), and
   * `altText` quotes it after the caption, styled and fitted by the same rule as the editor's.
   */
  async caption(image: string | Uint8Array, request: CaptionRequest = {}, signal?: AbortSignal): Promise<AltTextResult> {
    const text = request.readText ? this.text.visibleText(image, undefined, signal) : undefined;
    text?.catch(() => undefined);
    const result = await this.captionOnly(image, request, signal);
    const visibleText = await text;
    const altText = styleAltText(result.cleaned, visibleText, styleOf(request));
    return visibleText ? { ...result, visibleText, altText } : { ...result, altText };
  }

  private async captionOnly(image: string | Uint8Array, request: CaptionRequest, signal?: AbortSignal): Promise<CaptionResult> {
    // A slot ahead of inference is held from preprocessing until the model takes the image.
    const releaseAhead = await this.ahead.acquire(signal);
    let releaseTurn: (() => void) | undefined;
    try {
      const pixels = (await this.preprocessing.call({ type: 'preprocess', image }, { signal })) as Float32Array;
      releaseTurn = await this.turn.acquire(signal);
      releaseAhead();
      return (await this.inference.call(
        { type: 'caption', pixels, request },
        { transfer: [pixels.buffer as ArrayBuffer], signal },
      )) as CaptionResult;
    } finally {
      releaseAhead();
      releaseTurn?.();
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([this.inference.close(), this.preprocessing.close(), this.text.dispose()]);
  }
}

type CaptionThread = ThreadChannel<WorkerCall, CaptionResult | Float32Array, { packDir: string }>;

/** One of the caption worker's two threads (dist/captionWorker.js), in the role given. */
function captionThread(setup: WorkerRole): CaptionThread {
  return new ThreadChannel(__dirname, 'captionWorker', setup, 'the caption worker thread');
}
