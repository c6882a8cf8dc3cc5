import { decodeImage, type DecodeLimits } from '../image/decode';
import { judgeScreenshot, type ScreenshotVerdict } from './screenshotHeuristic';
import { selectVisibleText, type RecognizedLine } from './selectText';
import type { TextRecognizer } from './textRecognizer';

export interface VisibleTextResult {
  verdict: ScreenshotVerdict;
  /** Everything tesseract read; empty when the image was not read. */
  lines: RecognizedLine[];
  /** The short visible text for alt text (lines joined by "\n"), or '' when there is none. */
  text: string;
}

/**
 * Decodes the image as captioning does (same limits, first frame, SVG rasterised safely), and reads
 * its text when it looks like a screenshot or a diagram. `recognizer` may be a function that starts
 * one, called only then.
 */
export async function readVisibleText(
  recognizer: TextRecognizer | (() => Promise<TextRecognizer>),
  image: string | Uint8Array,
  options: { name?: string; limits?: DecodeLimits } = {},
): Promise<VisibleTextResult> {
  const rgb = await decodeImage(image, options.limits);
  const verdict = judgeScreenshot(rgb, options.name ?? (typeof image === 'string' ? image : undefined));
  if (!verdict.likely) return { verdict, lines: [], text: '' };
  const lines = await (typeof recognizer === 'function' ? await recognizer() : recognizer).read(rgb);
  return { verdict, lines, text: selectVisibleText(lines) };
}
