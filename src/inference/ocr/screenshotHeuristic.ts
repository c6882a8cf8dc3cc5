import type { RgbImage } from '../image/types';

// Text recognition costs a few hundred milliseconds an image and reads noise as letters in photos,
// so it runs only on images that look drawn by a computer: screenshots, diagrams, charts, slides.
// Those are made of large flat areas in few colours (a window's background, a button, a box in a
// diagram), where photographs are made of gradients and sensor noise. Two measures on a sample of
// the pixels tell them apart:
// - palette share: how much of the image its 8 most common colours cover, colours counted at 4 bits
//   a channel so that JPEG's ringing around text does not split one flat colour into many;
// - flat share: how many horizontally adjacent pixel pairs are the same colour, within 2 levels a
//   channel (a smooth sky changes by about a level a pixel, so a photo's gradients need both measures).
// The thresholds sit between the two kinds as measured: rendered screens (PNG and JPEG) score 0.95 and
// above on both; of the photographs in test/fixtures (skimage's), the highest are a rocket against the
// sky (0.51, 0.67) and the greyscale camera man (0.88, 0.59).
// A file name that says what the image is ("Screenshot 2024-…", "settings-dialog.png") is enough
// by itself. Images too small to hold a readable line of text are never read.

export interface ScreenshotVerdict {
  likely: boolean;
  /** Why, for the log and the benchmark: the measures, or the name that decided it. */
  reason: string;
  paletteShare: number;
  flatShare: number;
}

/** At least this share of the sampled pixels in the 8 commonest colours. */
export const MIN_PALETTE_SHARE = 0.6;
/** At least this share of adjacent pixel pairs alike. */
export const MIN_FLAT_SHARE = 0.75;
/** Smaller images hold no line of text tesseract can read (about 10 pixels of cap height). */
export const MIN_TEXT_IMAGE = { width: 32, height: 12 };

const SAMPLE_TARGET = 65_536;
const PALETTE_SIZE = 8;
const FLAT_TOLERANCE = 2;

/** Words in a file name that say the image shows a screen or a drawing. */
const SCREENSHOT_NAME =
  /(?:^|[^a-z])(?:screen[\s_-]?shots?|screen[\s_-]?captures?|screencast|screens?|capture|snapshot|diagram|flowchart|chart|dialog|modal|settings|preferences|ui|window|terminal|console|slide)(?:[^a-z]|$)|screenshot/i;

/** True when a file name says the image is a screenshot or a diagram. */
export function nameSuggestsScreenshot(name: string | undefined): boolean {
  if (!name) return false;
  const base = name.split(/[\\/]/).pop() ?? '';
  return SCREENSHOT_NAME.test(base.replace(/\.[a-z0-9]+$/i, ''));
}

export function judgeScreenshot(image: RgbImage, name?: string): ScreenshotVerdict {
  const { width, height, data } = image;
  if (width < MIN_TEXT_IMAGE.width || height < MIN_TEXT_IMAGE.height) {
    return { likely: false, reason: `${width}x${height} is too small to hold text`, paletteShare: 0, flatShare: 0 };
  }
  const stride = Math.max(1, Math.floor(Math.sqrt((width * height) / SAMPLE_TARGET)));
  const counts = new Map<number, number>();
  let samples = 0;
  let pairs = 0;
  let flatPairs = 0;
  for (let y = 0; y < height; y += stride) {
    for (let x = 0; x < width; x += stride) {
      const i = (y * width + x) * 3;
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      const bin = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
      counts.set(bin, (counts.get(bin) ?? 0) + 1);
      samples++;
      if (x + 1 < width) {
        pairs++;
        if (
          Math.abs(r - data[i + 3]) <= FLAT_TOLERANCE &&
          Math.abs(g - data[i + 4]) <= FLAT_TOLERANCE &&
          Math.abs(b - data[i + 5]) <= FLAT_TOLERANCE
        )
          flatPairs++;
      }
    }
  }
  const top = [...counts.values()].sort((a, b) => b - a).slice(0, PALETTE_SIZE);
  const paletteShare = top.reduce((sum, n) => sum + n, 0) / samples;
  const flatShare = pairs ? flatPairs / pairs : 0;
  const measures = `palette share ${paletteShare.toFixed(2)}, flat share ${flatShare.toFixed(2)}`;
  if (nameSuggestsScreenshot(name)) return { likely: true, reason: `the file name says so (${measures})`, paletteShare, flatShare };
  const likely = paletteShare >= MIN_PALETTE_SHARE && flatShare >= MIN_FLAT_SHARE;
  return {
    likely,
    reason: likely ? `flat areas in few colours (${measures})` : `looks like a photograph (${measures})`,
    paletteShare,
    flatShare,
  };
}
