/**
 * Child process: loads an image-text matching pack with ImageTextMatcher and times its stages on a
 * few images, each against the same texts. Run through `runInChild`.
 */
import { ImageTextMatcher } from '../../src/inference/matcher';
import { padTexts } from '../../src/inference/runtime/matchSessions';
import { peakRssMB, serveTask } from './child';

export interface MatchProbeTask {
  packDir: string;
  cacheDir: string;
  images: string[];
  texts: string[];
  threads?: number;
}

export interface MatchProbeResult {
  loadMs: number;
  /** Per image after the first: the vision graph. */
  visionMs: number[];
  /** The image graph: cross-attention keys and values of every layer, and the ITC image feature. */
  imageMs: number[];
  /** The text graph: all texts in one batch, ITM against the image and ITC without it. */
  textMs: number[];
  /** ImageTextMatcher.scorePixels with all texts. */
  totalMs: number[];
  peakRssMB: number;
}

async function probe(task: MatchProbeTask): Promise<MatchProbeResult> {
  const loadStart = performance.now();
  const matcher = await ImageTextMatcher.load(task.packDir, { cacheDir: task.cacheDir, intraOpThreads: task.threads });
  const result: MatchProbeResult = {
    loadMs: performance.now() - loadStart,
    visionMs: [],
    imageMs: [],
    textMs: [],
    totalMs: [],
    peakRssMB: 0,
  };
  const { sessions, config } = matcher;
  const { preprocessImage } = await import('../../src/inference/image');
  const pixels = await Promise.all(task.images.map((image) => preprocessImage(image, matcher.imageConfig)));
  const batch = padTexts(
    task.texts.map((t) => matcher.tokenize(t)),
    config.text.padTokenId,
  );
  // The first image of each pass warms up: first-run allocations are not what a score costs.
  for (const [i, values] of pixels.entries()) {
    const start = performance.now();
    await matcher.scorePixels(values, task.texts);
    if (i > 0) result.totalMs.push(performance.now() - start);
  }
  for (const [i, values] of pixels.entries()) {
    const t0 = performance.now();
    const embeds = await sessions.encodePixels(values);
    const t1 = performance.now();
    const image = await sessions.encodeImage(embeds);
    const t2 = performance.now();
    await sessions.scoreTexts(batch, image);
    const t3 = performance.now();
    if (i === 0) continue;
    result.visionMs.push(t1 - t0);
    result.imageMs.push(t2 - t1);
    result.textMs.push(t3 - t2);
  }
  await matcher.dispose();
  result.peakRssMB = peakRssMB();
  return result;
}

if (require.main === module) serveTask(probe);
