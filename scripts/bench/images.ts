/**
 * Distinct photographs-to-be for the captioning benchmark: seeded JPEGs of a few camera-like sizes
 * (so decoding and resizing cost what they cost on real pictures), each different in content.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const SIZES: [number, number][] = [
  [1024, 768],
  [1600, 1200],
  [800, 600],
  [1280, 960],
];

/** Writes `count` JPEG files into `dir` and returns their paths. */
export async function writeBenchImages(dir: string, count: number, seed = 7): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const files: string[] = [];
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < count; i++) {
    const [width, height] = SIZES[i % SIZES.length];
    const pixels = Buffer.alloc(width * height * 3);
    // Smooth colour fields with a few waves and noise: compressible like a photograph, unique per image.
    const waves = Array.from({ length: 3 }, () => ({
      fx: random() * 0.02,
      fy: random() * 0.02,
      phase: random() * 6.28,
      base: 60 + random() * 120,
    }));
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 3;
        for (let c = 0; c < 3; c++) {
          const w = waves[c];
          pixels[o + c] = Math.max(0, Math.min(255, w.base + 70 * Math.sin(x * w.fx + y * w.fy + w.phase) + (random() - 0.5) * 24));
        }
      }
    }
    const file = path.join(dir, `image-${String(i).padStart(2, '0')}.jpg`);
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 88 })
      .toFile(file);
    files.push(file);
  }
  return files;
}
