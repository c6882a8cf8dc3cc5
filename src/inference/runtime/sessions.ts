import * as path from 'node:path';
import type * as ort from 'onnxruntime-node';
import type { BlipConfig } from '../checkpoint/config';
import { loadOnnxRuntime } from '../native';
import {
  crossKey,
  crossValue,
  GRAPH_FILES,
  IMAGE_EMBEDS,
  INPUT_IDS,
  LOGITS,
  pastKey,
  pastValue,
  PIXEL_VALUES,
  presentKey,
  presentValue,
} from '../onnx/blip/io';

export interface SessionOptions {
  /** Threads per operator; onnxruntime's default (one per physical core) when absent. */
  intraOpThreads?: number;
}

/** onnxruntime session options for a pack's graphs (and for benchmarks that must run as they do). */
export function sessionOptionsFor(options: SessionOptions = {}): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
  };
}

/**
 * Opens one session per graph file of a pack, all at once. If any fails, the ones that opened are
 * released before the failure is thrown, so that a bad pack holds no native memory.
 */
export async function openSessions(
  packDir: string,
  files: readonly string[],
  options: SessionOptions = {},
): Promise<ort.InferenceSession[]> {
  const sessionOptions = sessionOptionsFor(options);
  const sessions = await Promise.allSettled(
    files.map((file) => loadOnnxRuntime().InferenceSession.create(path.join(packDir, file), sessionOptions)),
  );
  const failed = sessions.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(sessions.map((s) => (s.status === 'fulfilled' ? s.value.release() : undefined)));
    throw failed.reason;
  }
  return sessions.map((s) => (s as PromiseFulfilledResult<ort.InferenceSession>).value);
}

/** Runs a vision graph: pixel_values [batch, 3, H, W] (NCHW, float32) -> image_embeds [batch, tokens, vision_hidden]. */
export async function runVision(
  vision: ort.InferenceSession,
  config: BlipConfig,
  pixels: Float32Array,
  batch: number,
): Promise<ort.Tensor> {
  const size = config.vision.imageSize;
  if (pixels.length !== batch * 3 * size * size)
    throw new Error(`pixel_values must hold ${batch}x3x${size}x${size} values, got ${pixels.length}`);
  const out = await vision.run({ [PIXEL_VALUES]: new (loadOnnxRuntime().Tensor)('float32', pixels, [batch, 3, size, size]) });
  return out[IMAGE_EMBEDS] as ort.Tensor;
}

/** Image keys and values of every decoder layer, [batch, heads, image_tokens, head_size] each. */
export interface CrossAttentionCache {
  batch: number;
  keys: ort.Tensor[];
  values: ort.Tensor[];
}

/** Self-attention keys and values of every decoder layer, [batch, heads, length, head_size] each. */
export interface SelfAttentionCache {
  batch: number;
  length: number;
  keys: ort.Tensor[];
  values: ort.Tensor[];
}

export interface DecoderOutput {
  /** [batch, sequence, vocab] */
  logits: Float32Array;
  cache: SelfAttentionCache;
}

/** Sessions over the three graphs of a pack, and the tensor plumbing between them. */
export class BlipSessions {
  private constructor(
    readonly config: BlipConfig,
    private readonly vision: ort.InferenceSession,
    private readonly crossKv: ort.InferenceSession,
    private readonly decoder: ort.InferenceSession,
  ) {}

  static async load(packDir: string, config: BlipConfig, options: SessionOptions = {}): Promise<BlipSessions> {
    const [vision, crossKv, decoder] = await openSessions(packDir, [GRAPH_FILES.vision, GRAPH_FILES.crossKv, GRAPH_FILES.decoder], options);
    return new BlipSessions(config, vision, crossKv, decoder);
  }

  private get headSize(): number {
    return this.config.text.hiddenSize / this.config.text.numHeads;
  }

  /** pixel_values [batch, 3, H, W] (NCHW, float32) -> image_embeds [batch, tokens, vision_hidden]. */
  encodeImage(pixels: Float32Array, batch = 1): Promise<ort.Tensor> {
    return runVision(this.vision, this.config, pixels, batch);
  }

  /** Projects image embeddings into every layer's cross-attention keys and values: once per image. */
  async crossAttention(imageEmbeds: ort.Tensor): Promise<CrossAttentionCache> {
    const out = await this.crossKv.run({ [IMAGE_EMBEDS]: imageEmbeds });
    const layers = [...Array(this.config.text.numLayers).keys()];
    return {
      batch: imageEmbeds.dims[0],
      keys: layers.map((l) => out[crossKey(l)] as ort.Tensor),
      values: layers.map((l) => out[crossValue(l)] as ort.Tensor),
    };
  }

  /** An empty self-attention cache for `batch` rows. */
  emptyCache(batch: number): SelfAttentionCache {
    const { numLayers, numHeads } = this.config.text;
    const empty = () => new (loadOnnxRuntime().Tensor)('float32', new Float32Array(0), [batch, numHeads, 0, this.headSize]);
    return { batch, length: 0, keys: Array.from({ length: numLayers }, empty), values: Array.from({ length: numLayers }, empty) };
  }

  /**
   * Runs the decoder on `sequence` new tokens per row (row-major [batch, sequence]) after `cache`.
   * `cross` must have the same batch as the tokens.
   */
  async decode(tokens: BigInt64Array, sequence: number, cache: SelfAttentionCache, cross: CrossAttentionCache): Promise<DecoderOutput> {
    const batch = tokens.length / sequence;
    if (batch !== cache.batch || batch !== cross.batch)
      throw new Error(`decoder batch mismatch: ${batch} rows of tokens, cache ${cache.batch}, image ${cross.batch}`);
    const { numLayers, maxPositions } = this.config.text;
    if (cache.length + sequence > maxPositions) throw new Error(`the decoder holds at most ${maxPositions} positions`);
    const feeds: Record<string, ort.Tensor> = { [INPUT_IDS]: new (loadOnnxRuntime().Tensor)('int64', tokens, [batch, sequence]) };
    for (let l = 0; l < numLayers; l++) {
      feeds[pastKey(l)] = cache.keys[l];
      feeds[pastValue(l)] = cache.values[l];
      feeds[crossKey(l)] = cross.keys[l];
      feeds[crossValue(l)] = cross.values[l];
    }
    const out = await this.decoder.run(feeds);
    const layers = [...Array(numLayers).keys()];
    return {
      logits: (out[LOGITS] as ort.Tensor).data as Float32Array,
      cache: {
        batch,
        length: cache.length + sequence,
        keys: layers.map((l) => out[presentKey(l)] as ort.Tensor),
        values: layers.map((l) => out[presentValue(l)] as ort.Tensor),
      },
    };
  }

  async dispose(): Promise<void> {
    await Promise.all([this.vision.release(), this.crossKv.release(), this.decoder.release()]);
  }
}

/** Rows of a [batch, ...] tensor picked (and possibly repeated) by index: beam reordering and expansion. */
export function selectRows(tensor: ort.Tensor, rows: readonly number[]): ort.Tensor {
  const data = tensor.data as Float32Array;
  const rowSize = data.length / tensor.dims[0];
  const out = new Float32Array(rows.length * rowSize);
  rows.forEach((r, i) => out.set(data.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
  return new (loadOnnxRuntime().Tensor)('float32', out, [rows.length, ...tensor.dims.slice(1)]);
}
