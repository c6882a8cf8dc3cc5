import type { CaptionerOptions } from '../captioner';
import type { CaptionRequest } from '../generation/request';
import type { CaptionResult } from '../types';
import type { ControlRequest, ThreadReply } from './threadCalls';

/**
 * Messages between CaptionWorker (the caller's thread) and its two threads: one decodes and
 * preprocesses images, the other runs the model. Pixel buffers move between them by transfer.
 */
export type WorkerRole =
  | { role: 'inference'; modelDir: string; options: CaptionerOptions }
  | { role: 'preprocess'; packDir: string; maxPixels?: number; maxFileBytes?: number };

/** The work either thread is asked for (the other kind it refuses). */
export type WorkerCall =
  | { type: 'preprocess'; id: number; image: string | Uint8Array }
  | { type: 'caption'; id: number; pixels: Float32Array; request: CaptionRequest };

export type WorkerRequest = WorkerCall | ControlRequest;

export type WorkerReply = ThreadReply<CaptionResult | Float32Array, { packDir: string }>;

/** An error as it crosses a thread: the class is lost, its name, message and code are kept. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

export function deserializeError(e: SerializedError): Error {
  const err = new Error(e.message) as Error & { code?: string };
  err.name = e.name;
  if (e.code) err.code = e.code;
  return err;
}
