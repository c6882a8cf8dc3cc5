import assert from 'node:assert/strict';
import { resize, resizeBicubic, Resample, type RgbImage } from '../../../src/inference/image/index';

function image(width: number, height: number, value: (x: number, y: number, c: number) => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = value(x, y, c);
  return { width, height, data };
}

function transpose(img: RgbImage): RgbImage {
  return image(img.height, img.width, (x, y, c) => img.data[(x * img.width + y) * 3 + c]);
}

describe('PIL resampling port', () => {
  it('averages over a kernel widened by the scale factor when shrinking (bilinear, worked by hand)', () => {
    // 4 -> 2 pixels: scale 2 doubles the triangle's support to 2 input pixels. Output 0 is centred
    // at 1.0 and reads pixels 0..2 at distances 0.5, 0.5, 1.5 (weights 3/7, 3/7, 1/7); output 1 is
    // centred at 3.0 and reads pixels 1..3 (weights 1/7, 3/7, 3/7).
    const row = image(4, 1, (x) => [10, 20, 30, 40][x]);
    const out = resize(row, 2, 1, Resample.BILINEAR);
    assert.deepEqual([...out.data], [17, 17, 17, 33, 33, 33]);
  });

  it('stretches a single pixel to a flat image', () => {
    const out = resizeBicubic(
      image(1, 1, (_x, _y, c) => [200, 30, 60][c]),
      7,
      5,
    );
    assert.deepEqual([out.width, out.height], [7, 5]);
    for (let i = 0; i < out.data.length; i += 3) assert.deepEqual([...out.data.subarray(i, i + 3)], [200, 30, 60]);
  });

  it('clamps the overshoot of the cubic kernel to 0..255', () => {
    const edge = image(8, 1, (x) => (x < 4 ? 0 : 255));
    const out = resizeBicubic(edge, 21, 1);
    const values = [...out.data];
    assert.ok(values.includes(0) && values.includes(255));
    // Without clamping the ringing either side of the edge would wrap around.
    const reds = values.filter((_, i) => i % 3 === 0);
    for (let i = 1; i < reds.length; i++) assert.ok(reds[i] >= reds[i - 1], `row must rise monotonically after clamping: ${reds}`);
  });

  it('treats rows and columns alike: resizing only the height equals resizing the transpose only in width', () => {
    const src = image(9, 13, (x, y, c) => (x * 31 + y * 17 + c * 101) % 256);
    const tall = resizeBicubic(src, 9, 5);
    const wide = resizeBicubic(transpose(src), 5, 9);
    assert.deepEqual([...tall.data], [...transpose(wide).data]);
  });

  it('returns a copy when the size does not change', () => {
    const src = image(3, 2, (x, y) => x + y);
    const out = resizeBicubic(src, 3, 2);
    assert.deepEqual([...out.data], [...src.data]);
    assert.notEqual(out.data, src.data);
  });

  it('refuses nonsense sizes and malformed images', () => {
    const src = image(3, 2, () => 0);
    assert.throws(() => resizeBicubic(src, 0, 2), { name: 'RangeError', message: 'cannot resize to 0x2' });
    assert.throws(() => resizeBicubic(src, 2.5, 2), { name: 'RangeError', message: 'cannot resize to 2.5x2' });
    assert.throws(() => resizeBicubic({ width: 3, height: 2, data: new Uint8Array(5) }, 2, 2), {
      name: 'RangeError',
      message: 'the image (3x2, 5 bytes) is not a valid RGB image',
    });
  });
});
