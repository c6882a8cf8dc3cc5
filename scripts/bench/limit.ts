/**
 * What this machine's onnxruntime can do at best for BLIP's two kinds of work, measured with graphs
 * built by our own ONNX builder and the same operators and session options the packs use:
 *
 * - gemm: the vision encoder is compute-bound. Its linear layers are MatMuls of the 577 image tokens
 *   by [768, 2304], [768, 768], [768, 3072] and [3072, 768] weights (base); each runs in its own
 *   session and the limit is their FLOPs over their times, weighted as one encoder layer has them.
 * - stream: a decoder step multiplies one token by every weight once, so it is bound by how fast the
 *   weights stream from memory. A chain of single-row MatMuls with the decoder's weight shapes (every
 *   layer, and the LM head), as many bytes as the decoder holds and more than the caches keep, gives
 *   the bytes per second a decoder step can reach.
 */
import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '../../src/inference/onnx/builder';
import { encodeModel } from '../../src/inference/onnx/proto';
import { weightMatMul } from '../../src/inference/onnx/quantize/weightMatMul';
import { OPSETS } from '../../src/inference/onnx/blip/layers';
import type { Precision } from '../../src/inference/types';
import { median, timeRuns } from './stats';
import { sessionOptionsFor } from '../../src/inference/runtime/sessions';

export interface MatMulShape {
  rows: number;
  inFeatures: number;
  outFeatures: number;
}

export interface GemmLimit {
  /** FLOPs (2 per multiply-add) per second over the shapes together, in GFLOP/s. */
  gflops: number;
  shapes: (MatMulShape & { ms: number; gflops: number })[];
}

export interface StreamLimit {
  /** Weight bytes per second while multiplying one row, GB/s (1e9). */
  gbps: number;
  bytes: number;
  ms: number;
}

/** Deterministic weights: the values do not change the speed, only the shapes do. */
function weights(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let a = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    a ^= a << 13; a >>>= 0; a ^= a >>> 17; a ^= a << 5; a >>>= 0;
    out[i] = (a / 2 ** 32 - 0.5) * 0.04;
  }
  return out;
}

/**
 * A graph of independent MatMuls, each weight (stored in `precision`) multiplying the input of its
 * width, every product a graph output: run in sequence, the session reads each weight once.
 */
function fanModel(rows: number, layers: readonly [number, number][], precision: Precision): Uint8Array {
  const g = new GraphBuilder('limit');
  for (const width of new Set(layers.map(([k]) => k))) g.input(inputName(width), 'float', [rows, width]);
  layers.forEach(([k, n], i) => g.output(weightMatMul(g, inputName(k), weights(k * n, i + 1), k, n, `w${i}`, precision), 'float', [rows, n]));
  return encodeModel(g.toModelMessage({ opsets: OPSETS, producerVersion: 'bench' }));
}

const inputName = (width: number) => `x${width}`;

async function timeModel(model: Uint8Array, rows: number, layers: readonly [number, number][], reps: number, threads?: number): Promise<number> {
  const session = await ort.InferenceSession.create(model, sessionOptionsFor({ intraOpThreads: threads }));
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const width of new Set(layers.map(([k]) => k))) feeds[inputName(width)] = new ort.Tensor('float32', weights(rows * width, 99), [rows, width]);
    return median(await timeRuns(() => session.run(feeds), reps, 2));
  } finally {
    await session.release();
  }
}

/** The encoder layer's linear shapes of a ViT with `tokens` tokens, width `hidden` and MLP `ffn`. */
export function visionShapes(tokens: number, hidden: number, ffn: number): MatMulShape[] {
  return [
    { rows: tokens, inFeatures: hidden, outFeatures: 3 * hidden },
    { rows: tokens, inFeatures: hidden, outFeatures: hidden },
    { rows: tokens, inFeatures: hidden, outFeatures: ffn },
    { rows: tokens, inFeatures: ffn, outFeatures: hidden },
  ];
}

export async function measureGemm(shapes: readonly MatMulShape[], precision: Precision, reps: number, threads?: number): Promise<GemmLimit> {
  const measured = [];
  for (const s of shapes) {
    const layer: [number, number][] = [[s.inFeatures, s.outFeatures]];
    const ms = await timeModel(fanModel(s.rows, layer, precision), s.rows, layer, reps, threads);
    measured.push({ ...s, ms, gflops: flops(s) / ms / 1e6 });
  }
  const totalFlops = measured.reduce((a, s) => a + flops(s), 0);
  const totalMs = measured.reduce((a, s) => a + s.ms, 0);
  return { gflops: totalFlops / totalMs / 1e6, shapes: measured };
}

/** One row through every weight of `layers` ([in, out]); `bytes` is what they occupy in the precision. */
export async function measureStream(layers: readonly [number, number][], precision: Precision, bytes: number, reps: number, threads?: number): Promise<StreamLimit> {
  const ms = await timeModel(fanModel(1, layers, precision), 1, layers, reps, threads);
  return { gbps: bytes / ms / 1e6, bytes, ms };
}

export function flops(s: MatMulShape): number {
  return 2 * s.rows * s.inFeatures * s.outFeatures;
}
