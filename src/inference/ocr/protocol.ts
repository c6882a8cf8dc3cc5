import type { DecodeLimits } from '../image/decode';
import type { VisibleTextResult } from './readVisibleText';

/** Messages between TextReader (the caller's thread) and the text-reading thread. */
export type OcrRequest = { type: 'read'; id: number; image: string | Uint8Array; name?: string } | { type: 'dispose' };

export type OcrReply =
  | { type: 'ready' }
  | { type: 'failed'; error: { name: string; message: string } }
  | { type: 'done'; id: number; value: VisibleTextResult }
  | { type: 'error'; id: number; error: { name: string; message: string } };

export type OcrSetup = DecodeLimits;

export function errorFields(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}

export function toError(fields: { name: string; message: string }): Error {
  const err = new Error(fields.message);
  err.name = fields.name;
  return err;
}
