import assert from 'node:assert/strict';
import { decodeToFloat32, DTYPE_BYTES, halfToFloat, type StorageDtype } from '../../../src/inference/checkpoint/dtypes';

type Writer = (view: DataView, offset: number, value: number, littleEndian: boolean) => void;

// Each dtype's values written the way torch stores them, through DataView (which knows byte order),
// with what float32 makes of them: F64 and I64 round to the nearest float32.
const CASES: [dtype: StorageDtype, write: Writer, values: number[], expected: number[]][] = [
  ['F32', (v, o, x, le) => v.setFloat32(o, x, le), [1.5, -0, 3.4028234663852886e38], [1.5, -0, 3.4028234663852886e38]],
  ['F64', (v, o, x, le) => v.setFloat64(o, x, le), [0.1, -2.5, 1e300], [Math.fround(0.1), -2.5, Infinity]],
  ['F16', (v, o, x, le) => v.setUint16(o, x, le), [0x3c00, 0xc000, 0x7bff, 0x0001], [1, -2, 65504, 2 ** -24]],
  ['BF16', (v, o, x, le) => v.setUint16(o, x, le), [0x3f80, 0xc040, 0x0000], [1, -3, 0]],
  ['I64', (v, o, x, le) => v.setBigInt64(o, BigInt(x), le), [-1, 2 ** 40, 2 ** 53 - 1], [-1, 2 ** 40, 2 ** 53]],
  ['I32', (v, o, x, le) => v.setInt32(o, x, le), [-2147483648, 7], [-2147483648, 7]],
  ['I16', (v, o, x, le) => v.setInt16(o, x, le), [-32768, 511], [-32768, 511]],
  ['I8', (v, o, x) => v.setInt8(o, x), [-128, 127], [-128, 127]],
  ['U8', (v, o, x) => v.setUint8(o, x), [0, 255], [0, 255]],
  ['BOOL', (v, o, x) => v.setUint8(o, x), [0, 1], [0, 1]],
];

/** The values stored at an odd offset inside a larger buffer, as a tensor in an archive often is. */
function stored(dtype: StorageDtype, write: Writer, values: number[], littleEndian: boolean): Uint8Array {
  const width = DTYPE_BYTES[dtype];
  const buffer = new ArrayBuffer(values.length * width + 2);
  const view = new DataView(buffer, 1, values.length * width);
  values.forEach((value, i) => write(view, i * width, value, littleEndian));
  return new Uint8Array(buffer, 1, values.length * width);
}

/**
 * A float16 widened to float32 by moving its bit fields into float32's layout (IEEE 754 binary16 to
 * binary32), a subnormal normalised on the way: a reference independent of halfToFloat's arithmetic,
 * which the decoder's lookup table is built from.
 */
function widenHalf(h: number): number {
  const sign = (h & 0x8000) << 16;
  let exponent = (h >> 10) & 0x1f;
  let fraction = h & 0x3ff;
  let bits: number;
  if (exponent === 0x1f) bits = sign | 0x7f800000 | (fraction << 13);
  else if (exponent === 0 && fraction === 0) bits = sign;
  else {
    if (exponent === 0) {
      exponent = 1;
      while (!(fraction & 0x400)) {
        fraction <<= 1;
        exponent--;
      }
      fraction &= 0x3ff;
    }
    bits = sign | ((exponent - 15 + 127) << 23) | (fraction << 13);
  }
  return new Float32Array(Uint32Array.of(bits >>> 0).buffer)[0];
}

describe('decodeToFloat32', () => {
  for (const [dtype, write, values, expected] of CASES) {
    for (const littleEndian of [true, false]) {
      it(`reads ${dtype} stored ${littleEndian ? 'little' : 'big'}-endian`, () => {
        const raw = stored(dtype, write, values, littleEndian);
        const before = Uint8Array.from(raw);
        assert.deepEqual([...decodeToFloat32(raw, dtype, littleEndian)], expected);
        assert.deepEqual(raw, before, 'the stored bytes are left as they were');
      });
    }
  }

  it('leaves a Buffer it reads from unchanged, and copies nothing else from its memory', () => {
    const file = Buffer.alloc(11, 0xee);
    new DataView(file.buffer, file.byteOffset + 3).setInt32(0, -9, false);
    new DataView(file.buffer, file.byteOffset + 7).setInt32(0, 12, false);
    const before = Buffer.from(file);
    assert.deepEqual([...decodeToFloat32(file.subarray(3, 11), 'I32', false)], [-9, 12]);
    assert.deepEqual(file, before);
  });

  it('reads every float16 bit pattern as IEEE 754 widens it to float32, in both byte orders, as halfToFloat does', () => {
    const patterns = Array.from({ length: 1 << 16 }, (_, h) => h);
    assert.deepEqual(
      patterns.filter((h) => !Object.is(Math.fround(halfToFloat(h)), widenHalf(h))),
      [],
    );
    for (const littleEndian of [true, false]) {
      const decoded = decodeToFloat32(
        stored('F16', (v, o, x, le) => v.setUint16(o, x, le), patterns, littleEndian),
        'F16',
        littleEndian,
      );
      assert.deepEqual(
        patterns.filter((h) => !Object.is(decoded[h], widenHalf(h))),
        [],
      );
      const wrong = patterns.filter((h) => !Object.is(decoded[h], Math.fround(halfToFloat(h))));
      assert.deepEqual(wrong, []);
    }
  });

  it('gives the same values for aligned and unaligned tensors, and float32 in memory of its own', () => {
    const values = [1.25, -7, 1e-3];
    const aligned = new Uint8Array(new Float64Array(values).buffer);
    const unaligned = stored('F64', (v, o, x, le) => v.setFloat64(o, x, le), values, true);
    assert.deepEqual([...decodeToFloat32(aligned, 'F64', true)], values.map(Math.fround));
    assert.deepEqual([...decodeToFloat32(unaligned, 'F64', true)], values.map(Math.fround));
    const input = new Uint8Array(new Float32Array(values).buffer);
    const floats = decodeToFloat32(input, 'F32', true);
    assert.notEqual(floats.buffer, input.buffer, 'float32 comes out in memory of its own');
    assert.deepEqual([...floats], values.map(Math.fround));
  });

  it('ignores a trailing partial element', () => {
    const raw = stored('I32', (v, o, x, le) => v.setInt32(o, x, le), [5, 6], true).subarray(0, 7);
    assert.deepEqual([...decodeToFloat32(raw, 'I32', true)], [5]);
  });
});
