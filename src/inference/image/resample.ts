import { Resample, type ResampleFilter, type RgbImage } from './types';

// Resizing that reproduces Pillow's Image.resize for 8-bit images bit for bit (BICUBIC and
// BILINEAR, no reducing_gap): a separable filter applied horizontally, then vertically, each pass
// only when that dimension changes; the kernel is widened by the scale factor when shrinking so it
// averages instead of skipping pixels; weights are normalised to sum to one, then turned into
// 22-bit fixed point, and each pass rounds and clamps its result to 8 bits. The intermediate
// 8-bit rounding is why a float implementation cannot match PIL exactly.

interface Kernel {
  /** Distance (in input pixels, at scale 1) beyond which the kernel is zero. */
  support: number;
  weight(x: number): number;
}

const KERNELS: Record<ResampleFilter, Kernel> = {
  [Resample.BILINEAR]: {
    support: 1,
    weight(x) {
      const d = Math.abs(x);
      return d < 1 ? 1 - d : 0;
    },
  },
  [Resample.BICUBIC]: {
    support: 2,
    // Keys' cubic convolution with a = -0.5; the grouping of operations matters for exactness.
    weight(x) {
      const a = -0.5;
      const d = Math.abs(x);
      if (d < 1) return ((a + 2) * d - (a + 3)) * d * d + 1;
      if (d < 2) return (((d - 5) * d + 8) * d - 4) * a;
      return 0;
    },
  },
};

/** Fractional bits of the fixed-point weights: 8 bits of result plus 2 of headroom fit in int32. */
const PRECISION_BITS = 32 - 8 - 2;
const ROUNDING = 1 << (PRECISION_BITS - 1);
const CHANNELS = 3;

/** For each output pixel along one axis: the first input pixel, how many it reads, and their weights. */
interface Taps {
  first: Int32Array;
  count: Int32Array;
  /** `stride` fixed-point weights per output pixel. */
  weights: Int32Array;
  stride: number;
}

export function resizeBicubic(image: RgbImage, width: number, height: number): RgbImage {
  return resize(image, width, height, Resample.BICUBIC);
}

export function resize(image: RgbImage, width: number, height: number, filter: ResampleFilter): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`cannot resize to ${width}x${height}`);
  }
  if (image.width < 1 || image.height < 1 || image.data.length !== image.width * image.height * CHANNELS) {
    throw new RangeError(`the image (${image.width}x${image.height}, ${image.data.length} bytes) is not a valid RGB image`);
  }
  const kernel = KERNELS[filter];
  if (!kernel) throw new RangeError(`resampling filter ${filter} is not supported`);

  let current = image;
  const vertical = height !== image.height ? taps(image.height, height, kernel) : undefined;
  if (width !== image.width) {
    // Only the rows the vertical pass will read need a horizontal pass.
    const firstRow = vertical ? vertical.first[0] : 0;
    const endRow = vertical ? vertical.first[height - 1] + vertical.count[height - 1] : image.height;
    current = horizontalPass(image, firstRow, endRow, width, taps(image.width, width, kernel));
    if (vertical) for (let i = 0; i < height; i++) vertical.first[i] -= firstRow;
  }
  if (vertical) current = verticalPass(current, height, vertical);
  return current === image ? { width: image.width, height: image.height, data: image.data.slice() } : current;
}

function taps(inSize: number, outSize: number, kernel: Kernel): Taps {
  const scale = inSize / outSize;
  // Shrinking stretches the kernel so that every input pixel contributes.
  const filterScale = Math.max(scale, 1);
  // Pillow multiplies by the reciprocal rather than dividing; the last bit can differ.
  const inverseScale = 1 / filterScale;
  const support = kernel.support * filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * stride);
  const exact = new Float64Array(stride);
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    // Truncation toward zero, then clamping, as the C casts do.
    const start = Math.max(Math.trunc(center - support + 0.5), 0);
    const end = Math.min(Math.trunc(center + support + 0.5), inSize);
    const n = end - start;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = kernel.weight((i + start - center + 0.5) * inverseScale);
      exact[i] = w;
      total += w;
    }
    for (let i = 0; i < n; i++) {
      const w = total !== 0 ? exact[i] / total : exact[i];
      weights[out * stride + i] = Math.trunc(w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
    }
    first[out] = start;
    count[out] = n;
  }
  return { first, count, weights, stride };
}

function horizontalPass(image: RgbImage, firstRow: number, endRow: number, width: number, t: Taps): RgbImage {
  const rows = endRow - firstRow;
  const src = image.data;
  const out = new Uint8Array(width * rows * CHANNELS);
  const srcRowLength = image.width * CHANNELS;
  for (let y = 0; y < rows; y++) {
    const srcRow = (y + firstRow) * srcRowLength;
    const outRow = y * width * CHANNELS;
    for (let x = 0; x < width; x++) {
      const n = t.count[x];
      const k = x * t.stride;
      let p = srcRow + t.first[x] * CHANNELS;
      let r = ROUNDING;
      let g = ROUNDING;
      let b = ROUNDING;
      for (let i = 0; i < n; i++, p += CHANNELS) {
        const w = t.weights[k + i];
        r += src[p] * w;
        g += src[p + 1] * w;
        b += src[p + 2] * w;
      }
      const o = outRow + x * CHANNELS;
      out[o] = clip8(r);
      out[o + 1] = clip8(g);
      out[o + 2] = clip8(b);
    }
  }
  return { width, height: rows, data: out };
}

function verticalPass(image: RgbImage, height: number, t: Taps): RgbImage {
  const rowLength = image.width * CHANNELS;
  const src = image.data;
  const out = new Uint8Array(rowLength * height);
  // Channels are independent and share the row weights, so a whole row accumulates at once.
  const sums = new Float64Array(rowLength);
  for (let y = 0; y < height; y++) {
    sums.fill(ROUNDING);
    const n = t.count[y];
    const k = y * t.stride;
    for (let i = 0; i < n; i++) {
      const w = t.weights[k + i];
      const row = (t.first[y] + i) * rowLength;
      for (let j = 0; j < rowLength; j++) sums[j] += src[row + j] * w;
    }
    const o = y * rowLength;
    for (let j = 0; j < rowLength; j++) out[o + j] = clip8(sums[j]);
  }
  return { width: image.width, height, data: out };
}

/** Drops the fixed-point fraction (an arithmetic shift, flooring negatives) and clamps to 0..255. */
function clip8(sum: number): number {
  const v = sum >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
