/**
 * What this machine's onnxruntime can do at best for BLIP's two kinds of work, measured with graphs
 * built by our own ONNX builder and the same operators and session options the packs use:
 *
 * - gemm: the vision encoder is compute-bound. Its linear layers are MatMuls of the 577 image tokens
 *   by [768, 2304], [768, 768], [768, 3072] and [3072, 768] weights (base); each runs in its own
 *   session and the limit is their FLOPs over their times, weighted as one encoder layer has them.
 * - stream: a decoder step multiplies one token by every weight once, so it is bound by how fast the
 *   weights stream from memory. Single-row MatMuls with the decoder's weight shapes (every layer, and
 *   the LM head), repeated until they hold more than the caches keep, give the bytes per second a
 *   decoder step can reach.
 */
import { randomFillSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '../../src/inference/onnx/builder';
import { encodeModel } from '../../src/inference/onnx/proto';
import { blocksPerRow } from '../../src/inference/onnx/quantize/nbits';
import { blockMatMul, quantizedInt8MatMul, WEIGHT_SCHEMES, weightMatMul } from '../../src/inference/onnx/quantize/weightMatMul';
import { OPSETS } from '../../src/inference/onnx/blip/layers';
import type { Precision } from '../../src/inference/types';
import { timeRuns } from './stats';
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
    a ^= a << 13;
    a >>>= 0;
    a ^= a >>> 17;
    a ^= a << 5;
    a >>>= 0;
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
  layers.forEach(([k, n], i) => g.output(weightOperator(g, inputName(k), k, n, `w${i}`, precision), 'float', [rows, n]));
  return encodeModel(g.toModelMessage({ opsets: OPSETS, producerVersion: 'bench' }));
}

const inputName = (width: number) => `x${width}`;

/**
 * The precision's operator over a weight of arbitrary values: speed does not depend on them, so
 * quantized weights are random codes rather than quantized random floats (which would cost seconds
 * per hundred megabytes to make). Every weight is distinct: repeating identical weights streamed
 * faster than memory allows (about 45 GB/s here), so some layer of the stack shares or caches them.
 */
function weightOperator(g: GraphBuilder, x: string, k: number, n: number, name: string, precision: Precision): string {
  const scheme = WEIGHT_SCHEMES[precision];
  switch (scheme.kind) {
    case 'float':
      return weightMatMul(g, x, weights(k * n, nextSeed++), k, n, name, precision);
    case 'dynamic-int8':
      return quantizedInt8MatMul(
        g,
        x,
        { data: new Int8Array(randomBytes(k * n).buffer), scales: new Float32Array(n).fill(1e-3), rows: k, columns: n },
        name,
      );
    case 'blocks': {
      const blocks = blocksPerRow(k, scheme.blockSize);
      const q = {
        bits: scheme.bits,
        packed: randomBytes((n * blocks * scheme.blockSize * scheme.bits) / 8),
        scales: new Float32Array(n * blocks).fill(1e-3),
        zeroPoints: randomBytes(n * Math.ceil((blocks * scheme.bits) / 8)),
        inFeatures: k,
        outFeatures: n,
        blockSize: scheme.blockSize,
      };
      return blockMatMul(g, x, q, scheme.accuracyLevel, name);
    }
  }
}

let nextSeed = 1;

function randomBytes(count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let offset = 0; offset < count; offset += 65536) randomFillSync(out, offset, Math.min(65536, count - offset));
  return out;
}

/**
 * The fastest of `reps` runs: a limit is what the machine can do, and on a shared machine the
 * slower runs measure the other work as much as this one.
 */
async function timeModel(
  model: Uint8Array,
  rows: number,
  layers: readonly [number, number][],
  reps: number,
  threads?: number,
): Promise<number> {
  const session = await ort.InferenceSession.create(model, sessionOptionsFor({ intraOpThreads: threads }));
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const width of new Set(layers.map(([k]) => k)))
      feeds[inputName(width)] = new ort.Tensor('float32', weights(rows * width, 99), [rows, width]);
    return Math.min(...(await timeRuns(() => session.run(feeds), reps, 2)));
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

export async function measureGemm(
  shapes: readonly MatMulShape[],
  precision: Precision,
  reps: number,
  threads?: number,
): Promise<GemmLimit> {
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

/**
 * One row through every weight of `layers` ([in, out]); `bytes` is what they occupy in the precision.
 * The layers are repeated until they hold at least twice the last-level cache, so that the weights
 * come from memory, as they must for a decoder step, and not from a cache that kept the last run's.
 */
export async function measureStream(
  layers: readonly [number, number][],
  precision: Precision,
  bytes: number,
  reps: number,
  threads?: number,
): Promise<StreamLimit> {
  const copies = Math.max(1, Math.ceil((2 * lastLevelCacheBytes()) / bytes));
  const all = Array.from({ length: copies }, () => layers).flat();
  const ms = await timeModel(fanModel(1, all, precision), 1, all, reps, threads);
  return { gbps: (copies * bytes) / ms / 1e6, bytes: copies * bytes, ms };
}

/** The largest CPU cache (Linux sysfs); 64 MB where it cannot be read. */
export function lastLevelCacheBytes(): number {
  const units: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
  let largest = 0;
  try {
    const dir = '/sys/devices/system/cpu/cpu0/cache';
    for (const index of readdirSync(dir).filter((n) => n.startsWith('index'))) {
      const match = /^(\d+)([KMG]?)/.exec(readFileSync(`${dir}/${index}/size`, 'utf8').trim());
      if (match) largest = Math.max(largest, Number(match[1]) * (units[match[2]] ?? 1));
    }
  } catch {
    // Not Linux.
  }
  return largest || 64 * 1024 ** 2;
}

export function flops(s: MatMulShape): number {
  return 2 * s.rows * s.inFeatures * s.outFeatures;
}
