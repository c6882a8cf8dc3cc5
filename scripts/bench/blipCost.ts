/**
 * What a caption must cost at least, counted from the model's sizes: the work of each stage, in
 * FLOPs (2 per multiply-add) where it is compute-bound and in bytes read where it is memory-bound.
 * Together with the measured limits this gives the floor a caption's time is judged against.
 */
import { imageTokenCount, type BlipConfig } from '../../src/inference/checkpoint/config';
import { WEIGHT_SCHEMES } from '../../src/inference/onnx/quantize/weightMatMul';
import type { Precision } from '../../src/inference/types';
import type { MatMulShape } from './limit';

/** [inFeatures, outFeatures] of every weight one decoder step multiplies by, LM head included. */
export function decoderWeightShapes(cfg: BlipConfig): [number, number][] {
  const { hiddenSize: D, intermediateSize: F, numLayers, vocabSize } = cfg.text;
  const layer: [number, number][] = [
    [D, 3 * D],
    [D, D],
    [D, D],
    [D, D],
    [D, F],
    [F, D],
  ];
  return [...Array.from({ length: numLayers }, () => layer).flat(), [D, D], [D, vocabSize]];
}

/** Bytes a [inFeatures, outFeatures] weight occupies in a precision's pack (scales and zero points included). */
export function weightBytes(inFeatures: number, outFeatures: number, precision: Precision): number {
  const scheme = WEIGHT_SCHEMES[precision];
  switch (scheme.kind) {
    case 'float':
      return 4 * inFeatures * outFeatures;
    case 'dynamic-int8':
      return inFeatures * outFeatures + 4 * outFeatures;
    case 'blocks': {
      const blocks = Math.ceil(inFeatures / scheme.blockSize);
      return outFeatures * (blocks * ((scheme.blockSize * scheme.bits) / 8 + 4) + Math.ceil((blocks * scheme.bits) / 8));
    }
  }
}

export interface CaptionCost {
  /** The vision encoder's linear layers (quantized in int8/q4 packs). */
  visionLinearFlops: number;
  /** Patch embedding and attention scores/context: float in every pack. */
  visionOtherFlops: number;
  /** Every decoder layer's cross-attention keys and values from the image embeddings, once per image. */
  crossKvFlops: number;
  /** Weights one decoder step reads. */
  decoderWeightBytes: number;
  /** The image's cross-attention keys and values, read by every step (float32). */
  crossKvBytesPerStep: number;
  /** The same projections, were they recomputed at every step (what runtimes without the cache do). */
  crossKvFlopsPerStepWithoutCache: number;
}

export function captionCost(cfg: BlipConfig, precision: Precision): CaptionCost {
  const v = cfg.vision;
  const t = cfg.text;
  const tokens = imageTokenCount(v);
  const linear = (s: MatMulShape) => 2 * s.rows * s.inFeatures * s.outFeatures;
  const perLayer = [3 * v.hiddenSize, v.hiddenSize, v.intermediateSize]
    .map((out) => linear({ rows: tokens, inFeatures: v.hiddenSize, outFeatures: out }))
    .concat(linear({ rows: tokens, inFeatures: v.intermediateSize, outFeatures: v.hiddenSize }));
  const visionLinearFlops = v.numLayers * perLayer.reduce((a, b) => a + b, 0);
  const attention = v.numLayers * 2 * (2 * tokens * tokens * v.hiddenSize);
  const patches = linear({ rows: tokens - 1, inFeatures: 3 * v.patchSize * v.patchSize, outFeatures: v.hiddenSize });
  const crossKvFlops = t.numLayers * 2 * linear({ rows: tokens, inFeatures: t.encoderHiddenSize, outFeatures: t.hiddenSize });
  return {
    visionLinearFlops,
    visionOtherFlops: attention + patches,
    crossKvFlops,
    decoderWeightBytes: decoderWeightShapes(cfg).reduce((a, [k, n]) => a + weightBytes(k, n, precision), 0),
    crossKvBytesPerStep: t.numLayers * 2 * tokens * t.hiddenSize * 4,
    crossKvFlopsPerStepWithoutCache: crossKvFlops,
  };
}

export interface Limits {
  /** GFLOP/s of the precision's own MatMul on the vision shapes. */
  gemmGflops: number;
  /** GFLOP/s of float32 MatMul (for the parts every pack keeps in float). */
  floatGemmGflops: number;
  /** GB/s of single-row MatMuls over the precision's decoder weights. */
  streamGBps: number;
  /** GB/s of float32 single-row MatMuls (the cross keys and values are float in every pack). */
  floatStreamGBps: number;
}

export interface Floor {
  visionMs: number;
  crossKvMs: number;
  decoderMsPerStep: number;
  totalMs: number;
}

/**
 * The least time a caption of `steps` decoder steps can take here: compute-bound stages at the
 * measured GEMM rate, every decoder step at the measured streaming rate over its weights and the
 * image's cross keys and values.
 */
export function captionFloor(cost: CaptionCost, limits: Limits, steps: number): Floor {
  const visionMs = cost.visionLinearFlops / limits.gemmGflops / 1e6 + cost.visionOtherFlops / limits.floatGemmGflops / 1e6;
  const crossKvMs = cost.crossKvFlops / limits.gemmGflops / 1e6;
  const decoderMsPerStep = cost.decoderWeightBytes / limits.streamGBps / 1e6 + cost.crossKvBytesPerStep / limits.floatStreamGBps / 1e6;
  return { visionMs, crossKvMs, decoderMsPerStep, totalMs: visionMs + crossKvMs + steps * decoderMsPerStep };
}
