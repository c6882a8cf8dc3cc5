import type { DecodeLimits } from '../image/decode';
import type { ControlRequest, ThreadReply } from '../worker/threadCalls';
import type { VisibleTextResult } from './readVisibleText';

/** Messages between TextReader (the caller's thread) and the text-reading thread. */
export type OcrCall = { type: 'read'; id: number; image: string | Uint8Array; name?: string };

export type OcrRequest = OcrCall | ControlRequest;

export type OcrReply = ThreadReply<VisibleTextResult>;

export type OcrSetup = DecodeLimits;
