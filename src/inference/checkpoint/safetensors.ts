import { promises as fs } from 'node:fs';
import { elementCount, type Tensor } from './tensor';

/** One tensor's entry in a safetensors header. */
interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const BYTES_PER_ELEMENT: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

/** Largest header we accept; real headers are well under 1 MB, so more means a corrupt file. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/** Parses a safetensors file held in memory. F32, F16 and BF16 tensors come out as float32. */
export function parseSafetensors(bytes: Uint8Array, label = 'safetensors file'): Map<string, Tensor> {
  if (bytes.byteLength < 8) throw new SafetensorsError(`${label} is too short to be a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.byteLength) {
    throw new SafetensorsError(
      `${label} has a header length of ${headerLength} bytes, past the end of the file: it is truncated or not safetensors`,
    );
  }
  let header: Record<string, HeaderEntry | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new SafetensorsError(`${label} has a header that is not JSON: it is corrupt or not safetensors`);
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, Tensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = entry as HeaderEntry;
    const width = BYTES_PER_ELEMENT[dtype];
    if (!width) throw new SafetensorsError(`${label}: tensor ${name} has dtype ${dtype}; only F32, F16 and BF16 are supported`);
    const count = elementCount(shape);
    if (end - begin !== count * width || dataStart + end > bytes.byteLength) {
      throw new SafetensorsError(`${label}: tensor ${name} does not fit in the file: it is truncated or corrupt`);
    }
    const raw = bytes.subarray(dataStart + begin, dataStart + end);
    tensors.set(name, { dims: [...shape], data: toFloat32(raw, dtype, count) });
  }
  return tensors;
}

export async function readSafetensors(path: string): Promise<Map<string, Tensor>> {
  return parseSafetensors(await fs.readFile(path), path);
}

function toFloat32(raw: Uint8Array, dtype: string, count: number): Float32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(count);
  if (dtype === 'F32') {
    // Every platform Node ships on is little-endian, as safetensors is: a byte copy is exact.
    new Uint8Array(out.buffer).set(raw);
  } else if (dtype === 'F16') {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  } else {
    // bfloat16 is the top half of a float32.
    const word = new Uint32Array(1);
    const asFloat = new Float32Array(word.buffer);
    for (let i = 0; i < count; i++) {
      word[0] = view.getUint16(i * 2, true) << 16;
      out[i] = asFloat[0];
    }
  }
  return out;
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
