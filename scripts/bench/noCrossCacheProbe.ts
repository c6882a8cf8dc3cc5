/**
 * Child process: the alternative the cross-attention cache replaces. A decoder graph that takes the
 * image embeddings and projects every layer's cross-attention keys and values again at every step
 * (as transformers 4.x, candle and usls do), run for the same forced-length captions.
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { promises as fs } from 'node:fs';
import { parseBlipConfig, type BlipConfig } from '../../src/inference/checkpoint/config';
import { generate, promptIds, resolveSettings } from '../../src/inference/generation';
import type { TokenScorer } from '../../src/inference/generation/scorer';
import { loadImageProcessorConfig, preprocessImage } from '../../src/inference/image';
import {
  GRAPH_FILES,
  IMAGE_EMBEDS,
  INPUT_IDS,
  LOGITS,
  pastKey,
  pastValue,
  PIXEL_VALUES,
  presentKey,
  presentValue,
} from '../../src/inference/onnx/blip/io';
import { sessionOptionsFor } from '../../src/inference/runtime/sessions';
import { serveTask } from './child';

export interface NoCrossCacheTask {
  packDir: string;
  /** The decoder graph built with `crossAttention: 'recomputed'`. */
  decoderFile: string;
  images: string[];
  length: number;
  threads?: number;
}

export interface NoCrossCacheResult {
  visionMs: number[];
  stepMs: number[];
  /** Vision and every decoder step, per image. */
  totalMs: number[];
  ids: number[][];
}

/** Greedy steps over the recomputing decoder: one image's embeddings, a growing self-attention cache. */
class RecomputingScorer implements TokenScorer {
  readonly rows = 1;
  readonly times: number[] = [];
  private past: ort.Tensor[][];

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly config: BlipConfig,
    private readonly embeds: ort.Tensor,
  ) {
    const { numLayers, numHeads, hiddenSize } = config.text;
    const empty = () => new ort.Tensor('float32', new Float32Array(0), [1, numHeads, 0, hiddenSize / numHeads]);
    this.past = [Array.from({ length: numLayers }, empty), Array.from({ length: numLayers }, empty)];
  }

  get vocabSize() {
    return this.config.text.vocabSize;
  }

  select(): void {
    throw new Error('greedy decoding only');
  }

  async next(tokens: readonly (readonly number[])[]): Promise<Float32Array> {
    const start = performance.now();
    const row = tokens[0];
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new ort.Tensor('int64', BigInt64Array.from(row, BigInt), [1, row.length]),
      [IMAGE_EMBEDS]: this.embeds,
    };
    this.past[0].forEach((t, l) => (feeds[pastKey(l)] = t));
    this.past[1].forEach((t, l) => (feeds[pastValue(l)] = t));
    const out = await this.session.run(feeds);
    this.past = [
      this.past[0].map((_, l) => out[presentKey(l)] as ort.Tensor),
      this.past[1].map((_, l) => out[presentValue(l)] as ort.Tensor),
    ];
    const logits = (out[LOGITS] as ort.Tensor).data as Float32Array;
    this.times.push(performance.now() - start);
    return logits.subarray(logits.length - this.vocabSize);
  }
}

async function probe(task: NoCrossCacheTask): Promise<NoCrossCacheResult> {
  const config = parseBlipConfig(JSON.parse(await fs.readFile(path.join(task.packDir, 'config.json'), 'utf8')));
  const imageConfig = await loadImageProcessorConfig(task.packDir);
  const options = sessionOptionsFor({ intraOpThreads: task.threads });
  const vision = await ort.InferenceSession.create(path.join(task.packDir, GRAPH_FILES.vision), options);
  const decoder = await ort.InferenceSession.create(task.decoderFile, options);
  const settings = resolveSettings({ minLength: task.length, maxLength: task.length }, config.text.sepTokenId, 1, config.text.maxPositions);
  const size = config.vision.imageSize;
  const result: NoCrossCacheResult = { visionMs: [], stepMs: [], totalMs: [], ids: [] };
  for (const [i, image] of task.images.entries()) {
    const pixels = await preprocessImage(image, imageConfig);
    const t0 = performance.now();
    const embeds = (await vision.run({ [PIXEL_VALUES]: new ort.Tensor('float32', pixels, [1, 3, size, size]) }))[
      IMAGE_EMBEDS
    ] as ort.Tensor;
    const t1 = performance.now();
    const scorer = new RecomputingScorer(decoder, config, embeds);
    const ids = await generate(scorer, promptIds(undefined, config.text.bosTokenId), settings);
    const t2 = performance.now();
    if (i === 0) continue; // warm-up
    result.visionMs.push(t1 - t0);
    result.stepMs.push(...scorer.times);
    result.totalMs.push(t2 - t0);
    result.ids.push(ids);
  }
  await Promise.all([vision.release(), decoder.release()]);
  return result;
}

if (require.main === module) serveTask(probe);
