import { gunzipSync } from 'node:zlib';
import type { Metadata, Sharp } from 'sharp';
import { loadSharp } from '../native';
import { DEFAULT_MAX_IMAGE_BYTES, FileReadError, readRegularFile } from '../regularFile';
import type { RgbImage } from './types';

// Decoding with sharp, then converting to RGB the way PIL's Image.open(...).convert('RGB') does,
// because that is what the reference processor feeds the model:
// - alpha is dropped, never composited or premultiplied (SVG excepted, see below);
// - grey is replicated into R, G and B; palette and 1/2/4-bit images are expanded;
// - 16-bit samples keep their high byte, except 16-bit greyscale without an alpha channel, which
//   PIL opens as mode I;16 and clamps to 0..255 (values above 255 become white);
// - embedded ICC profiles and EXIF orientation are ignored, as PIL ignores them.
// SVG has no PIL reading; it is rasterised by librsvg from memory (so relative and network
// references cannot resolve) and flattened onto white, as a browser would show it. Its cost is not
// bounded by its size in bytes (a 200-byte blur filter over a large canvas takes minutes, and the
// time is spent in one librsvg call that no timeout interrupts), so an SVG is rasterised at 72 dpi
// but never larger than SVG_MAX_SIDE on its long side, far above the model's input, and SVGs with
// filter effects or XML entity declarations are refused before librsvg sees them.

export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

export interface DecodeLimits {
  /** Largest width x height accepted. Default 100 megapixels. */
  maxPixels?: number;
  /** Largest image file read, in bytes. Default DEFAULT_MAX_IMAGE_BYTES (50 MB). */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_PIXELS = 100_000_000;

/** The longest side an SVG is rasterised at, in pixels. */
export const SVG_MAX_SIDE = 1024;

// Largest SVG text inspected after gunzipping an .svgz: a compressed SVG may not inflate without end.
const MAX_SVG_TEXT_BYTES = 16 * 1024 * 1024;

export async function decodeImage(input: string | Uint8Array, limits: DecodeLimits = {}): Promise<RgbImage> {
  const label = typeof input === 'string' ? input : 'the image';
  const bytes = typeof input === 'string' ? await readImageFile(input, limits.maxFileBytes ?? DEFAULT_MAX_IMAGE_BYTES) : input;
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const sharp = loadSharp();

  if (bytes.length === 0) throw new ImageDecodeError(`${label} is empty (0 bytes): it is not an image`);
  if (bytes[0] === 0x42 && bytes[1] === 0x4d)
    throw new ImageDecodeError(`${label} is a BMP image, which this build cannot decode; convert it to PNG`);
  let metadata: Metadata;
  try {
    // Reading the header decodes no pixels, so the size check below can give its own message.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageDecodeError(`${label} is not an image that can be decoded (${reason(error)})`);
  }
  const { format } = metadata;
  if (!metadata.width || !metadata.height) throw new ImageDecodeError(`${label} has no size: it is not a raster image`);
  if (format === 'svg') checkSvgCost(bytes, label);
  // An SVG's density sets the size it is rasterised at (72 dpi is its own size).
  const density = format === 'svg' ? svgDensity(metadata.width, metadata.height) : undefined;
  const scale = (density ?? 72) / 72;
  const width = Math.ceil(metadata.width * scale);
  const height = Math.ceil(metadata.height * scale);
  if (width * height > maxPixels) {
    throw new ImageDecodeError(
      `${label} is ${width}x${height} (${megapixels(width * height)} megapixels), above the limit of ${megapixels(maxPixels)} megapixels`,
    );
  }

  const source = (): Sharp =>
    // First page or frame only; no ICC transform; sharp never auto-rotates unless asked.
    sharp(bytes, { limitInputPixels: maxPixels, ignoreIcc: true, pages: 1, page: 0, ...(density ? { density } : {}) });
  try {
    if (format === 'svg') return await rasteriseSvg(source());
    if (isClampedGrey16(bytes, metadata)) return await clampedGrey16(source());
    const { data, info } = await source().raw().toBuffer({ resolveWithObject: true });
    return toRgb(data, info.width, info.height, info.channels);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(`${label} cannot be decoded (${reason(error)})`);
  }
}

async function readImageFile(file: string, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readRegularFile(file, maxBytes);
  } catch (error) {
    throw new ImageDecodeError(error instanceof FileReadError ? error.message : `${file} cannot be read (${reason(error)})`);
  }
}

/** 72 dpi, or less for an SVG whose long side would be above SVG_MAX_SIDE (sharp takes 1 dpi at least). */
function svgDensity(width: number, height: number): number | undefined {
  const side = Math.max(width, height);
  return side > SVG_MAX_SIDE ? Math.max(1, (72 * SVG_MAX_SIDE) / side) : undefined;
}

/**
 * Refuses the SVG features whose rendering time has no bound: filter effects (element, attribute,
 * CSS property or function) and XML entity declarations (which could spell out either). Character
 * references and CSS escapes are decoded first, so that neither can hide the word.
 */
function checkSvgCost(bytes: Uint8Array, label: string): void {
  const text = plainSvgText(bytes, label);
  if (/<!ENTITY/i.test(text))
    throw new ImageDecodeError(`${label} is an SVG that declares XML entities, which are not rendered; convert it to PNG`);
  if (/filter/i.test(text))
    throw new ImageDecodeError(`${label} is an SVG with filter effects, whose rendering time has no bound; convert it to PNG`);
}

function plainSvgText(bytes: Uint8Array, label: string): string {
  let xml = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      xml = gunzipSync(bytes, { maxOutputLength: MAX_SVG_TEXT_BYTES });
    } catch (error) {
      throw new ImageDecodeError(
        `${label} is a compressed SVG that does not inflate within ${MAX_SVG_TEXT_BYTES / (1024 * 1024)} MB (${reason(error)})`,
      );
    }
  }
  return new TextDecoder()
    .decode(xml)
    .replace(/&#(x[0-9a-f]+|\d+);?/gi, (_, code: string) =>
      codePoint(code[0].toLowerCase() === 'x' ? parseInt(code.slice(1), 16) : parseInt(code, 10)),
    )
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex: string) => codePoint(parseInt(hex, 16)))
    .replace(/\\(.)/gs, '$1');
}

function codePoint(n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}

/** Interleaved 8-bit samples with 1 (grey), 2 (grey, alpha), 3 (RGB) or 4 (RGBA) channels -> RGB. */
export function toRgb(data: Uint8Array, width: number, height: number, channels: number): RgbImage {
  const pixels = width * height;
  if (data.length !== pixels * channels || channels < 1 || channels > 4) {
    throw new ImageDecodeError(`decoded ${data.length} bytes for a ${width}x${height} image with ${channels} channels`);
  }
  if (channels === 3) return { width, height, data: new Uint8Array(data) };
  const out = new Uint8Array(pixels * 3);
  for (let i = 0, o = 0; i < pixels; i++, o += 3) {
    const p = i * channels;
    if (channels >= 3) {
      out[o] = data[p];
      out[o + 1] = data[p + 1];
      out[o + 2] = data[p + 2];
    } else {
      out[o] = out[o + 1] = out[o + 2] = data[p];
    }
  }
  return { width, height, data: out };
}

/**
 * PIL reads 16-bit greyscale as mode I;16 and clamps on conversion to RGB; every other 16-bit
 * layout (RGB, RGBA, grey+alpha) it reduces to the high byte, which is also what sharp does.
 */
function isClampedGrey16(bytes: Uint8Array, metadata: Metadata): boolean {
  if (metadata.depth !== 'ushort' || metadata.space !== 'grey16') return false;
  if (metadata.format === 'png') {
    // sharp reports a grey PNG with a transparency chunk as grey+alpha; PIL still opens it as I;16.
    // The IHDR chunk at byte 16 holds the bit depth (byte 24) and colour type (byte 25).
    return bytes[24] === 16 && bytes[25] === 0;
  }
  return metadata.channels === 1;
}

async function clampedGrey16(image: Sharp): Promise<RgbImage> {
  const { data, info } = await image.toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  const samples = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  const pixels = info.width * info.height;
  const grey = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) grey[i] = Math.min(samples[i * info.channels], 255);
  return toRgb(grey, info.width, info.height, 1);
}

async function rasteriseSvg(image: Sharp): Promise<RgbImage> {
  const { data, info } = await image.flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
  return toRgb(data, info.width, info.height, info.channels);
}

function megapixels(pixels: number): string {
  return String(Math.round(pixels / 1e5) / 10);
}

function reason(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0];
}
