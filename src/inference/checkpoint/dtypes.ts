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

/** A typed array's constructor over part of a buffer. */
type ElementsOver<T> = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T;

/** The dtypes whose elements a typed array of this machine's byte order reads as they are. */
const ELEMENT_ARRAYS: Partial<Record<StorageDtype, ElementsOver<ArrayLike<number>>>> = {
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
  const { bytes, copied } = nativeBytes(raw, count * width, width, littleEndian);
  const view = <T>(Elements: ElementsOver<T>) => new Elements(bytes.buffer, bytes.byteOffset, count);
  if (dtype === 'F32') {
    const floats = view(Float32Array);
    return copied ? floats : floats.slice();
  }
  const out = new Float32Array(count);
  const elements = ELEMENT_ARRAYS[dtype];
  if (elements) {
    out.set(view(elements));
  } else if (dtype === 'F16') {
    const halves = view(Uint16Array);
    const table = halfFloats();
    for (let i = 0; i < count; i++) out[i] = table[halves[i]];
  } else if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32.
    const halves = view(Uint16Array);
    const words = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) words[i] = halves[i] << 16;
  } else {
    const longs = view(BigInt64Array);
    for (let i = 0; i < count; i++) out[i] = Number(longs[i]);
  }
  return out;
}

/**
 * The elements' bytes in this machine's byte order (little-endian on every platform Node ships
 * for), where a typed array can read them: `raw` itself when it already is both, else a copy.
 * A copy is made with `set` (Buffer#slice would share the file's memory).
 */
function nativeBytes(raw: Uint8Array, length: number, width: number, littleEndian: boolean): { bytes: Uint8Array; copied: boolean } {
  if (littleEndian && raw.byteOffset % width === 0) return { bytes: raw.subarray(0, length), copied: false };
  const bytes = new Uint8Array(length);
  bytes.set(raw.subarray(0, length));
  if (!littleEndian) swapBytes(bytes, width);
  return { bytes, copied: true };
}

/** Reverses each element's bytes in a fresh copy (whose buffer starts at 0 and holds whole elements). */
function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 2) {
    const halves = new Uint16Array(bytes.buffer);
    for (let i = 0; i < halves.length; i++) halves[i] = (halves[i] >>> 8) | ((halves[i] & 0xff) << 8);
    return;
  }
  if (width === 1) return;
  const words = new Uint32Array(bytes.buffer);
  for (let i = 0; i < words.length; i++) {
    const x = words[i];
    words[i] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
  }
  // An 8-byte element is two swapped words in the other order.
  if (width === 8) {
    for (let i = 0; i < words.length; i += 2) {
      const high = words[i];
      words[i] = words[i + 1];
      words[i + 1] = high;
    }
  }
}

export function isFloatingDtype(dtype: StorageDtype): boolean {
  return dtype === 'F64' || dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

let halfTable: Float32Array | undefined;

/** Every float16 as float32, by its bits: a lookup is an order of magnitude faster than decoding each element. */
function halfFloats(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(1 << 16);
    for (let h = 0; h < halfTable.length; h++) halfTable[h] = halfToFloat(h);
  }
  return halfTable;
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
