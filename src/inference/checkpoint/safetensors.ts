import { promises as fs } from 'node:fs';
import { decodeToFloat32, DTYPE_BYTES, type StorageDtype } from './dtypes';
import { elementCount, type Tensor } from './tensor';

/** One tensor's entry in a safetensors header. */
interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

// Integer tensors are refused rather than widened: a safetensors weight is floating point.
const FLOAT_DTYPES: ReadonlySet<string> = new Set<StorageDtype>(['F32', 'F16', 'BF16']);

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
    if (!FLOAT_DTYPES.has(dtype))
      throw new SafetensorsError(`${label}: tensor ${name} has dtype ${dtype}; only F32, F16 and BF16 are supported`);
    const count = elementCount(shape);
    if (end - begin !== count * DTYPE_BYTES[dtype as StorageDtype] || dataStart + end > bytes.byteLength) {
      throw new SafetensorsError(`${label}: tensor ${name} does not fit in the file: it is truncated or corrupt`);
    }
    const raw = bytes.subarray(dataStart + begin, dataStart + end);
    tensors.set(name, { dims: [...shape], data: decodeToFloat32(raw, dtype as StorageDtype, true) });
  }
  return tensors;
}

export async function readSafetensors(path: string): Promise<Map<string, Tensor>> {
  return parseSafetensors(await fs.readFile(path), path);
}
