import type { ImageProcessorConfig, RgbImage } from './types';

/**
 * The model input for one image: float32, shape 1x3xHxW (channels first), rescaled and then
 * normalised per channel. The arithmetic follows the reference processor's numpy code so that the
 * results agree to the bit: rescaling multiplies in double precision and rounds to float32;
 * normalisation subtracts the float32 mean and divides by the float32 std in float32.
 */
export function toPixelValues(
  image: RgbImage,
  config: Pick<ImageProcessorConfig, 'doRescale' | 'rescaleFactor' | 'doNormalize' | 'imageMean' | 'imageStd'>,
): Float32Array {
  const plane = image.width * image.height;
  if (image.data.length !== plane * 3)
    throw new RangeError(`the image (${image.width}x${image.height}) does not hold ${plane * 3} RGB bytes`);
  const out = new Float32Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    // One table per channel: an 8-bit input has only 256 possible outputs.
    const table = new Float32Array(256);
    const mean = Math.fround(config.imageMean[c]);
    const std = Math.fround(config.imageStd[c]);
    for (let v = 0; v < 256; v++) {
      let x = config.doRescale ? Math.fround(v * config.rescaleFactor) : v;
      // A float32 difference and quotient: exact in double, then rounded once, as float32 hardware does.
      if (config.doNormalize) x = Math.fround(Math.fround(x - mean) / std);
      table[v] = x;
    }
    const base = c * plane;
    for (let i = 0; i < plane; i++) out[base + i] = table[image.data[i * 3 + c]];
  }
  return out;
}
