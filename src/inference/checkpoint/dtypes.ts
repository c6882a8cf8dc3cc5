import { halfToFloat } from './safetensors';

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

/** Widens (or, for F64 and large integers, rounds) every element of `raw` to float32. */
export function decodeToFloat32(raw: Uint8Array, dtype: StorageDtype, littleEndian: boolean): Float32Array {
  const width = DTYPE_BYTES[dtype];
  const count = Math.floor(raw.byteLength / width);
  const out = new Float32Array(count);
  if (dtype === 'F32' && littleEndian) {
    // Node runs little-endian everywhere, so the bytes are already float32s.
    new Uint8Array(out.buffer).set(raw.subarray(0, count * 4));
    return out;
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = littleEndian;
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, le);
      break;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, le);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, le));
      break;
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const word = new Uint32Array(1);
      const asFloat = new Float32Array(word.buffer);
      for (let i = 0; i < count; i++) {
        word[0] = view.getUint16(i * 2, le) << 16;
        out[i] = asFloat[0];
      }
      break;
    }
    case 'I64':
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(i * 8, le));
      break;
    case 'I32':
      for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, le);
      break;
    case 'I16':
      for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, le);
      break;
    case 'I8':
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i);
      break;
    case 'U8':
    case 'BOOL':
      for (let i = 0; i < count; i++) out[i] = raw[i];
      break;
  }
  return out;
}

export function isFloatingDtype(dtype: StorageDtype): boolean {
  return dtype === 'F64' || dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}
