import type { DecodeLimits } from '../image/decode';
import { TextReader } from './textReader';

/**
 * A TextReader started on the first image that asks for its text, so that captioning alone never
 * loads tesseract. Its failures stay its own: an image whose text cannot be read still gets its
 * caption, and the reason is kept for the log.
 */
export class LazyTextReader {
  private reader: Promise<TextReader> | undefined;
  /** The last reason text could not be read, if any. */
  lastError: Error | undefined;

  constructor(private readonly limits: DecodeLimits = {}) {}

  /** The short visible text, '' when there is none, undefined when it could not be read. */
  async visibleText(image: string | Uint8Array, name?: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      this.reader ??= TextReader.start(this.limits);
      const reader = await this.reader;
      return (await reader.read(image, name, signal)).text;
    } catch (err) {
      if (signal?.aborted) throw err;
      this.lastError = err instanceof Error ? err : new Error(String(err));
      return undefined;
    }
  }

  async dispose(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    if (reader) await (await reader.catch(() => undefined))?.dispose();
  }
}
