/** Element types a torch checkpoint can store. Weights are floating point; integer and bool
 * tensors appear only as buffers (e.g. `position_ids`), which are read so the file parses and then
 * left out by the checkpoint filter. */
export type StorageDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export const DTYPE_BYTES: Record<StorageDtype, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

type ElementArray = new (buffer: ArrayBuffer) => ArrayLike<number>;

/** The dtypes whose elements a typed array of this machine's byte order reads as they are. */
const ELEMENT_ARRAYS: Partial<Record<StorageDtype, ElementArray>> = {
  F64: Float64Array,
  I32: Int32Array,
  I16: Int16Array,
  I8: Int8Array,
  U8: Uint8Array,
  BOOL: Uint8Array,
};

/** Widens (or, for F64 and large integers, rounds) every element of `raw` to float32. */
export function decodeToFloat32(raw: Uint8Array, dtype: StorageDtype, littleEndian: boolean): Float32Array {
  const width = DTYPE_BYTES[dtype];
  const count = Math.floor(raw.byteLength / width);
  // A copy (not Buffer#slice, which shares memory) is aligned for typed arrays wherever the tensor
  // sat in the file, and is in this machine's byte order once swapped: Node runs little-endian on
  // every platform it ships for.
  const bytes = new Uint8Array(count * width);
  bytes.set(raw.subarray(0, count * width));
  if (!littleEndian) swapBytes(bytes, width);
  if (dtype === 'F32') return new Float32Array(bytes.buffer);
  const out = new Float32Array(count);
  const elements = ELEMENT_ARRAYS[dtype];
  if (elements) {
    out.set(new elements(bytes.buffer));
  } else if (dtype === 'F16') {
    const halves = new Uint16Array(bytes.buffer);
    for (let i = 0; i < count; i++) out[i] = halfToFloat(halves[i]);
  } else if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32.
    const halves = new Uint16Array(bytes.buffer);
    const words = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) words[i] = halves[i] << 16;
  } else {
    const longs = new BigInt64Array(bytes.buffer);
    for (let i = 0; i < count; i++) out[i] = Number(longs[i]);
  }
  return out;
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let start = 0; start + width <= bytes.length; start += width) bytes.subarray(start, start + width).reverse();
}

export function isFloatingDtype(dtype: StorageDtype): boolean {
  return dtype === 'F64' || dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
