import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScanLimitReason, ScanOptions, ScanResult } from '../markdown';
import type { DocumentKind } from '../markdown/types';

export interface ScanRequest {
  id: number;
  text: string;
  kind: DocumentKind;
  options: ScanOptions;
}

/** A scan limit the document went past, as plain data: the caller makes its ScanLimitError from it. */
export interface PassedScanLimit {
  reason: ScanLimitReason;
  detail: string;
}

export type ScanReply =
  | { id: number; ok: true; result: ScanResult }
  | { id: number; ok: false; limit: PassedScanLimit }
  | { id: number; ok: false; message: string };

/** What a scan in the thread comes back with: the images, or the limit the document went past. */
export type OffThreadScan = ScanResult | { limit: PassedScanLimit };

// Below this many characters a scan takes a few milliseconds even on a busy machine (documentation
// Markdown scans at about 2 s per megabyte there, so 32 K characters cost some tens of ms at most),
// less than handing the text to a thread and back when the thread has to start first.
export const INLINE_SCAN_CHARACTERS = 32 * 1024;
// A small document can still be slow for micromark when it is dense with emphasis, brackets or
// backticks (up to the scan budget's limit per paragraph, a second or more); those go off the thread too.
const INLINE_SCAN_MARKUP = 1_000;
const MARKUP = /[*_[\]`<~]/g;

/** Whether a document is small and plain enough to scan on the caller's thread. */
export function scansInline(text: string): boolean {
  if (text.length > INLINE_SCAN_CHARACTERS) return false;
  let markup = 0;
  MARKUP.lastIndex = 0;
  while (MARKUP.exec(text)) if (++markup > INLINE_SCAN_MARKUP) return false;
  return true;
}

/**
 * Scans documents in a worker thread (dist/scanWorker.js next to the extension's bundle), started
 * on first use and kept for the next scan. A thread that dies fails the scans it had and is
 * started again for the next one.
 */
export class OffThreadScanner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(scan: OffThreadScan): void; reject(error: Error): void }>();

  constructor(private readonly workerFile = path.join(__dirname, 'scanWorker.js')) {}

  scan(text: string, kind: DocumentKind, options: ScanOptions): Promise<OffThreadScan> {
    const worker = this.started();
    const id = this.nextId++;
    // A thread with scans to do keeps the process alive; an idle one does not.
    worker.ref();
    return new Promise<OffThreadScan>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, text, kind, options } satisfies ScanRequest);
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the scanner thread was stopped'));
    void worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.on('message', (reply: ScanReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(reply.result);
      else if ('limit' in reply) waiting.resolve({ limit: reply.limit });
      else waiting.reject(new Error(reply.message));
    });
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the scanner thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(error);
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
