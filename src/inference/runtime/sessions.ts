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
 * Opens one session per graph file of a pack, all at once, keyed as the files are. If any fails,
 * the ones that opened are released before the failure is thrown, so that a bad pack holds no
 * native memory.
 */
export async function openSessions<K extends string>(
  packDir: string,
  files: Readonly<Record<K, string>>,
  options: SessionOptions = {},
): Promise<Record<K, ort.InferenceSession>> {
  const sessionOptions = sessionOptionsFor(options);
  const names = Object.keys(files) as K[];
  const sessions = await Promise.allSettled(
    names.map((name) => loadOnnxRuntime().InferenceSession.create(path.join(packDir, files[name]), sessionOptions)),
  );
  const failed = sessions.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(sessions.map((s) => (s.status === 'fulfilled' ? s.value.release() : undefined)));
    throw failed.reason;
  }
  const opened = {} as Record<K, ort.InferenceSession>;
  names.forEach((name, i) => (opened[name] = (sessions[i] as PromiseFulfilledResult<ort.InferenceSession>).value));
  return opened;
}

/** Releases every session that openSessions opened. */
export async function releaseSessions(sessions: Readonly<Record<string, ort.InferenceSession>>): Promise<void> {
  await Promise.all(Object.values(sessions).map((session) => session.release()));
}

/** One key and one value tensor per decoder layer, in layer order. */
export interface LayerKeysValues {
  keys: ort.Tensor[];
  values: ort.Tensor[];
}

/** One key and one value tensor per decoder layer, read from a graph's outputs by their names. */
export function layerOutputs(
  out: ort.InferenceSession.OnnxValueMapType,
  numLayers: number,
  keyName: (layer: number) => string,
  valueName: (layer: number) => string,
): LayerKeysValues {
  const layers = [...Array(numLayers).keys()];
  return { keys: layers.map((l) => out[keyName(l)] as ort.Tensor), values: layers.map((l) => out[valueName(l)] as ort.Tensor) };
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
export interface CrossAttentionCache extends LayerKeysValues {
  batch: number;
}

/** Self-attention keys and values of every decoder layer, [batch, heads, length, head_size] each. */
export interface SelfAttentionCache extends LayerKeysValues {
  batch: number;
  length: number;
}

export interface DecoderOutput {
  /** [batch, sequence, vocab] */
  logits: Float32Array;
  cache: SelfAttentionCache;
}

/** The sessions over a pack's graphs, opened together (openSessions) and released together. */
export abstract class PackSessions<Graph extends string> {
  protected constructor(
    readonly config: BlipConfig,
    protected readonly graphs: Record<Graph, ort.InferenceSession>,
  ) {}

  async dispose(): Promise<void> {
    await releaseSessions(this.graphs);
  }
}

/** Sessions over the three graphs of a pack, and the tensor plumbing between them. */
export class BlipSessions extends PackSessions<keyof typeof GRAPH_FILES> {
  static async load(packDir: string, config: BlipConfig, options: SessionOptions = {}): Promise<BlipSessions> {
    return new BlipSessions(config, await openSessions(packDir, GRAPH_FILES, options));
  }

  private get headSize(): number {
    return this.config.text.hiddenSize / this.config.text.numHeads;
  }

  /** pixel_values [batch, 3, H, W] (NCHW, float32) -> image_embeds [batch, tokens, vision_hidden]. */
  encodeImage(pixels: Float32Array, batch = 1): Promise<ort.Tensor> {
    return runVision(this.graphs.vision, this.config, pixels, batch);
  }

  /** Projects image embeddings into every layer's cross-attention keys and values: once per image. */
  async crossAttention(imageEmbeds: ort.Tensor): Promise<CrossAttentionCache> {
    const out = await this.graphs.crossKv.run({ [IMAGE_EMBEDS]: imageEmbeds });
    return { batch: imageEmbeds.dims[0], ...layerOutputs(out, this.config.text.numLayers, crossKey, crossValue) };
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
    const out = await this.graphs.decoder.run(feeds);
    return {
      logits: (out[LOGITS] as ort.Tensor).data as Float32Array,
      cache: { batch, length: cache.length + sequence, ...layerOutputs(out, numLayers, presentKey, presentValue) },
    };
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
