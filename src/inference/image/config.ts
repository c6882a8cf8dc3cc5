import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Resample, type ImageProcessorConfig, type ResampleFilter } from './types';

export class ImageProcessorConfigError extends Error {
  override name = 'ImageProcessorConfigError';
}

// BlipImageProcessor's own defaults (transformers), used for fields a config leaves out.
const CLIP_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];
const DEFAULTS = {
  size: { height: 384, width: 384 },
  resample: Resample.BICUBIC,
  do_resize: true,
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: CLIP_MEAN,
  image_std: CLIP_STD,
  do_convert_rgb: true,
};

const PIL_FILTER_NAMES: Record<number, string> = { 0: 'NEAREST', 1: 'LANCZOS', 2: 'BILINEAR', 3: 'BICUBIC', 4: 'BOX', 5: 'HAMMING' };

/**
 * Reads the image processor settings of a checkpoint folder: `preprocessor_config.json`, or the
 * `image_processor` section of `processor_config.json` where a processor was saved as a whole.
 */
export async function loadImageProcessorConfig(dir: string): Promise<ImageProcessorConfig> {
  for (const [file, section] of [
    ['preprocessor_config.json', undefined],
    ['processor_config.json', 'image_processor'],
  ] as const) {
    const full = path.join(dir, file);
    let text: string;
    try {
      text = await fs.readFile(full, 'utf8');
    } catch {
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ImageProcessorConfigError(`${full} is not valid JSON: the file is corrupt`);
    }
    const settings = section ? (json as Record<string, unknown> | null)?.[section] : json;
    if (settings === undefined && section) continue;
    return parseImageProcessorConfig(settings, full);
  }
  throw new ImageProcessorConfigError(`${dir} has no image processor settings: expected preprocessor_config.json or processor_config.json`);
}

export function parseImageProcessorConfig(json: unknown, label = 'preprocessor_config.json'): ImageProcessorConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ImageProcessorConfigError(`${label}: the image processor settings are not a JSON object`);
  const raw: Record<string, unknown> = { ...DEFAULTS, ...(json as Record<string, unknown>) };
  const fail = (what: string): never => {
    throw new ImageProcessorConfigError(`${label}: ${what}`);
  };

  // The processor does not crop or pad; settings that ask for it would silently change the input.
  if (raw.do_center_crop === true) fail('do_center_crop is set, but BLIP preprocessing resizes without cropping; this is not supported');
  if (raw.do_pad === true) fail('do_pad is set, but BLIP preprocessing does not pad; this is not supported');

  const size = raw.size;
  let height: unknown;
  let width: unknown;
  if (typeof size === 'number') {
    // Older configs give one number for a square input.
    height = width = size;
  } else if (typeof size === 'object' && size !== null) {
    ({ height, width } = size as Record<string, unknown>);
    if (height === undefined && width === undefined)
      fail(`size ${JSON.stringify(size)} is not {height, width}; only a fixed height and width are supported`);
  }
  const dimension = (value: unknown, what: string): number =>
    typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 8192
      ? value
      : fail(`${what} must be a positive integer, got ${JSON.stringify(value)}`);

  const resample = raw.resample;
  if (resample !== Resample.BICUBIC && resample !== Resample.BILINEAR) {
    const name = typeof resample === 'number' ? (PIL_FILTER_NAMES[resample] ?? 'unknown') : 'unknown';
    fail(`resample ${JSON.stringify(resample)} (${name}) is not supported; only BICUBIC (3) and BILINEAR (2) are`);
  }

  const flag = (key: keyof typeof DEFAULTS): boolean => {
    const value = raw[key];
    return typeof value === 'boolean' ? value : fail(`${key} must be true or false, got ${JSON.stringify(value)}`);
  };
  const triple = (key: 'image_mean' | 'image_std'): [number, number, number] => {
    const value = raw[key];
    const list = typeof value === 'number' ? [value, value, value] : value;
    if (!Array.isArray(list) || list.length !== 3 || !list.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return fail(`${key} must be three numbers (one per RGB channel), got ${JSON.stringify(value)}`);
    }
    if (key === 'image_std' && list.some((v) => v === 0)) fail('image_std has a zero entry');
    return list as [number, number, number];
  };
  const rescaleFactor = raw.rescale_factor;
  if (typeof rescaleFactor !== 'number' || !Number.isFinite(rescaleFactor))
    fail(`rescale_factor must be a number, got ${JSON.stringify(rescaleFactor)}`);

  return {
    size: { height: dimension(height, 'size.height'), width: dimension(width, 'size.width') },
    resample: resample as ResampleFilter,
    doResize: flag('do_resize'),
    doRescale: flag('do_rescale'),
    rescaleFactor: rescaleFactor as number,
    doNormalize: flag('do_normalize'),
    imageMean: triple('image_mean'),
    imageStd: triple('image_std'),
    doConvertRgb: flag('do_convert_rgb'),
  };
}
