/**
 * Child process: loads one pack with the Captioner, as the caption worker's model thread does, and
 * times its stages on a few images with captions forced to a fixed length (minimum = maximum length,
 * so every image costs the same number of decoder steps). Run through `runInChild`.
 */
import { Captioner } from '../../src/inference/captioner';
import { generate, promptIds, resolveSettings } from '../../src/inference/generation';
import type { TokenScorer } from '../../src/inference/generation/scorer';
import { ImageDecoder } from '../../src/inference/runtime/imageDecoder';
import { peakRssMB, serveTask } from './child';
import { topTwoGap } from './logitStats';

export interface ProbeTask {
  packDir: string;
  cacheDir: string;
  images: string[];
  /** Caption length in tokens, start token included. */
  length: number;
  threads?: number;
}

export interface ProbeResult {
  loadMs: number;
  rssAfterLoadMB: number;
  visionMs: number[];
  crossKvMs: number[];
  /** Every decoder step of every image. */
  stepMs: number[];
  /** Captioner.captionPixels, per image. */
  totalMs: number[];
  /** The forced-length token ids per image, for agreement between precisions. */
  ids: number[][];
  /** At every step, the gap between the two best logits in standard deviations of the step's logits. */
  margins: number[];
  peakRssMB: number;
}

/** Times every call to `next`, and notes how decisive each step's best token was. */
class TimedScorer implements TokenScorer {
  readonly times: number[] = [];
  readonly margins: number[] = [];
  constructor(private readonly inner: TokenScorer) {}
  get vocabSize() {
    return this.inner.vocabSize;
  }
  get rows() {
    return this.inner.rows;
  }
  select(sources: readonly number[]) {
    this.inner.select(sources);
  }
  async next(tokens: readonly (readonly number[])[]) {
    const start = performance.now();
    const logits = await this.inner.next(tokens);
    this.times.push(performance.now() - start);
    this.margins.push(topTwoGap(logits.subarray(logits.length - this.vocabSize)));
    return logits;
  }
}

async function probe(task: ProbeTask): Promise<ProbeResult> {
  const loadStart = performance.now();
  const captioner = await Captioner.load(task.packDir, { cacheDir: task.cacheDir, intraOpThreads: task.threads });
  const loadMs = performance.now() - loadStart;
  const rssAfterLoadMB = process.memoryUsage().rss / 1e6;
  const { sessions, config } = captioner;
  const forced = { minLength: task.length, maxLength: task.length };
  const settings = resolveSettings(forced, config.text.sepTokenId, 1, config.text.maxPositions);
  const start = promptIds(undefined, config.text.bosTokenId);
  const result: ProbeResult = {
    loadMs,
    rssAfterLoadMB,
    visionMs: [],
    crossKvMs: [],
    stepMs: [],
    totalMs: [],
    ids: [],
    margins: [],
    peakRssMB: 0,
  };
  const pixels = await Promise.all(task.images.map((image) => captioner.preprocess(image)));
  // Whole captions first, one after another as the worker runs them, so that each one's time holds
  // the garbage collection of its own buffers only; then the same images stage by stage. The first
  // image of each pass warms up: first-run allocations and thread start-up are not what a caption costs.
  const captions: number[][] = [];
  for (const [i, values] of pixels.entries()) {
    const start = performance.now();
    const caption = await captioner.captionPixels(values, forced);
    if (i > 0) result.totalMs.push(performance.now() - start);
    captions.push(caption.ids);
  }
  for (const [i, values] of pixels.entries()) {
    const t0 = performance.now();
    const embeds = await sessions.encodeImage(values);
    const t1 = performance.now();
    const cross = await sessions.crossAttention(embeds);
    const t2 = performance.now();
    const scorer = new TimedScorer(new ImageDecoder(sessions, cross));
    const ids = await generate(scorer, start, settings);
    if (ids.join() !== captions[i].join()) throw new Error(`the staged run and captionPixels disagree on ${task.images[i]}`);
    if (i === 0) continue;
    result.visionMs.push(t1 - t0);
    result.crossKvMs.push(t2 - t1);
    result.stepMs.push(...scorer.times);
    result.ids.push(ids);
    result.margins.push(...scorer.margins);
  }
  await captioner.dispose();
  result.peakRssMB = peakRssMB();
  return result;
}

if (require.main === module) serveTask(probe);
