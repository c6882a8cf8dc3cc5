import { crc32, deflateSync } from 'node:zlib';
import { concat } from './zip-writer';

// A minimal PNG encoder, so tests can make images of every bit depth and colour type (16-bit,
// palette, 1-bit, grey with alpha, transparency chunks) with pixel values they choose.

export const PngColor = { GREY: 0, RGB: 2, PALETTE: 3, GREY_ALPHA: 4, RGBA: 6 } as const;

export interface PngSpec {
  width: number;
  height: number;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  colorType: (typeof PngColor)[keyof typeof PngColor];
  /** Samples in row order, one number per channel value (palette: one index per pixel). */
  samples: ArrayLike<number>;
  /** RGB triples for PALETTE images. */
  palette?: number[][];
  /** Raw tRNS chunk contents. */
  transparency?: Uint8Array;
  /** Extra chunks placed before the image data, e.g. eXIf. */
  chunks?: { type: string; data: Uint8Array }[];
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function encodePng(spec: PngSpec): Uint8Array {
  const channels = CHANNELS[spec.colorType];
  const bitsPerPixel = channels * spec.bitDepth;
  const rowBytes = Math.ceil((spec.width * bitsPerPixel) / 8);
  const raw = new Uint8Array((rowBytes + 1) * spec.height);
  for (let y = 0; y < spec.height; y++) {
    const row = y * (rowBytes + 1) + 1; // filter byte 0 (none) precedes each row
    for (let i = 0; i < spec.width * channels; i++) {
      const value = spec.samples[y * spec.width * channels + i];
      if (spec.bitDepth === 16) {
        raw[row + i * 2] = value >> 8;
        raw[row + i * 2 + 1] = value & 0xff;
      } else if (spec.bitDepth === 8) {
        raw[row + i] = value;
      } else {
        const bit = i * spec.bitDepth;
        raw[row + (bit >> 3)] |= value << (8 - spec.bitDepth - (bit & 7));
      }
    }
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, spec.width);
  hv.setUint32(4, spec.height);
  header[8] = spec.bitDepth;
  header[9] = spec.colorType;
  const chunks = [chunk('IHDR', header)];
  if (spec.palette) chunks.push(chunk('PLTE', Uint8Array.from(spec.palette.flat())));
  if (spec.transparency) chunks.push(chunk('tRNS', spec.transparency));
  for (const extra of spec.chunks ?? []) chunks.push(chunk(extra.type, extra.data));
  chunks.push(chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array(0)));
  return concat([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), ...chunks]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}
