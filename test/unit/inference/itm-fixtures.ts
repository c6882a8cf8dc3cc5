import path from 'node:path';
import { promises as fs } from 'node:fs';

/** The image-text matching reference (BlipForImageTextRetrieval, transformers 4.40); see its README. */
export const ITM_FIXTURE = path.join(__dirname, '../../fixtures/blip-itm-reference');
export const ITM_CHECKPOINT = path.join(ITM_FIXTURE, 'tiny-blip-itm');
/** The kit's images are the captioning reference's, byte for byte (golden.json records their hashes). */
export const ITM_IMAGES = path.join(__dirname, '../../fixtures/blip-reference');

export interface ItmGoldenText {
  text: string;
  input_ids: number[];
  attention_mask: number[];
  truncated: boolean;
  text_feat: number[];
}

export interface ItmGoldenScore {
  text: number;
  itm_logits: [number, number];
  itm_match_prob: number;
  cosine: number;
}

export interface ItmGoldenImage {
  file: string;
  file_sha256: string;
  image_feat: number[];
  scores: ItmGoldenScore[];
}

export interface ItmGolden {
  max_len: number;
  texts: ItmGoldenText[];
  images: Record<string, ItmGoldenImage>;
}

let cached: Promise<ItmGolden> | undefined;
export function itmGolden(): Promise<ItmGolden> {
  cached ??= fs.readFile(path.join(ITM_FIXTURE, 'golden.json'), 'utf8').then(JSON.parse);
  return cached;
}

export const itmImagePath = (image: ItmGoldenImage) => path.join(ITM_IMAGES, image.file);

/** A dump of [count, rows, width] float32 values, split into its `count` states. */
export async function readStates(file: string, count: number): Promise<Float32Array[]> {
  const bytes = await fs.readFile(path.join(ITM_FIXTURE, file));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const size = all.length / count;
  return Array.from({ length: count }, (_, i) => all.subarray(i * size, (i + 1) * size));
}
