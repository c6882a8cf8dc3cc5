import { decodeImage, type DecodeLimits } from './decode';
import { toPixelValues } from './normalize';
import { resize } from './resample';
import type { ImageProcessorConfig } from './types';

export { decodeImage, DEFAULT_MAX_PIXELS, ImageDecodeError, type DecodeLimits } from './decode';
export { loadImageProcessorConfig, parseImageProcessorConfig, ImageProcessorConfigError } from './config';
export { resize, resizeBicubic } from './resample';
export { toPixelValues } from './normalize';
export { Resample, type ImageProcessorConfig, type ResampleFilter, type RgbImage } from './types';

/**
 * An image file or its bytes -> the vision model's pixel_values (float32, 1x3xHxW), computed as
 * the reference's PIL-backed BLIP image processor computes them.
 */
export async function preprocessImage(
  input: string | Uint8Array,
  config: ImageProcessorConfig,
  limits?: DecodeLimits,
): Promise<Float32Array> {
  const decoded = await decodeImage(input, limits);
  const { width, height } = config.size;
  const sized = config.doResize ? resize(decoded, width, height, config.resample) : decoded;
  if (sized.width !== width || sized.height !== height) {
    throw new RangeError(`the image is ${sized.width}x${sized.height} but the model takes ${width}x${height}, and do_resize is off`);
  }
  return toPixelValues(sized, config);
}
