import type { Precision } from '../../types';
import { attr, type GraphBuilder } from '../builder';
import { weightMatMul } from '../quantize/weightMatMul';
import { concatLinear, type LinearParams, type NormParams, type WeightReader } from './weights';

/** onnxruntime's contrib operator domain (fused kernels: SkipLayerNormalization, BiasGelu, attention). */
export const MS_DOMAIN = 'com.microsoft';

/** Operator set versions every BLIP graph imports: 17 brings ONNX LayerNormalization. */
export const OPSETS = { '': 17, [MS_DOMAIN]: 1 };

/** A checkpoint tensor stored as an initializer under its checkpoint name. */
export function parameter(g: GraphBuilder, w: WeightReader, name: string, dims: readonly number[]): string {
  return g.initializer(w.full(name), w.tensor(name, dims), dims);
}

/**
 * `x @ W` with the bias left to a fused consumer (SkipLayerNormalization, BiasGelu, attention). The
 * weight is stored and multiplied in `precision` (float32, or a quantized operator); biases stay float.
 */
export function matmul(g: GraphBuilder, x: string, p: LinearParams, precision: Precision = 'fp32'): { out: string; bias: string } {
  const out = weightMatMul(g, x, p.weight, p.inFeatures, p.outFeatures, p.name, precision);
  const bias = g.initializer(`${p.name}.bias`, p.bias, [p.outFeatures]);
  return { out, bias };
}

/** `x @ W + b`; onnxruntime fuses the pair. */
export function linear(g: GraphBuilder, x: string, p: LinearParams, precision: Precision = 'fp32'): string {
  const { out, bias } = matmul(g, x, p, precision);
  return g.op('Add', [out, bias], { name: `${p.name}.add` });
}

/** GELU (exact, erf form) of `x @ W + b`, with the bias add fused into the activation. */
export function linearGelu(g: GraphBuilder, x: string, p: LinearParams, precision: Precision = 'fp32'): string {
  const { out, bias } = matmul(g, x, p, precision);
  return g.op('BiasGelu', [out, bias], { domain: MS_DOMAIN, name: `${p.name}.gelu` });
}

export function layerNorm(g: GraphBuilder, x: string, p: NormParams, epsilon: number): string {
  const gamma = g.initializer(`${p.name}.weight`, p.gamma, [p.gamma.length]);
  const beta = g.initializer(`${p.name}.bias`, p.beta, [p.beta.length]);
  return g.op('LayerNormalization', [x, gamma, beta], { name: p.name, attrs: { axis: attr.int(-1), epsilon: attr.float(epsilon) } });
}

export interface SkipLayerNormArgs {
  input: string;
  skip: string;
  /** The norm's parameters; their name also names its initializers and node. */
  norm: NormParams;
  epsilon: number;
  /** Bias of the linear layer that produced `input`, added inside the kernel. */
  bias?: string;
  /** Also return input + skip + bias, which a pre-LN block (the vision encoder) needs as its next residual. */
  keepSum?: boolean;
  /** Name of the normalized output (e.g. a graph output); generated when absent. */
  output?: string;
}

/** LayerNorm(input + skip + bias) in one kernel. */
export function skipLayerNorm(g: GraphBuilder, a: SkipLayerNormArgs): { out: string; sum: string } {
  const { name } = a.norm;
  const gamma = g.initializer(`${name}.weight`, a.norm.gamma, [a.norm.gamma.length]);
  const beta = g.initializer(`${name}.bias`, a.norm.beta, [a.norm.beta.length]);
  const inputs = a.bias ? [a.input, a.skip, gamma, beta, a.bias] : [a.input, a.skip, gamma, beta];
  const out = a.output ?? `${name}/out`;
  // Outputs 1 and 2 (mean, inverse std) are only for training; an empty name leaves them out.
  const outputs = a.keepSum ? [out, '', '', `${name}/sum`] : [out];
  const [normed, , , sum] = g.node('SkipLayerNormalization', inputs, {
    domain: MS_DOMAIN,
    name,
    outputs,
    attrs: { epsilon: attr.float(a.epsilon) },
  });
  return { out: normed, sum };
}

export interface BertOutputArgs {
  /** Width of `x` (the hidden size, or the FFN's intermediate size). */
  inFeatures: number;
  hiddenSize: number;
  epsilon: number;
  precision: Precision;
  /** Prefixes the output's name (`prefix/<norm name>`), for graphs that run the same weights twice. */
  outputPrefix?: string;
}

/**
 * BERT's output blocks (`BertSelfOutput`, `BertOutput`): LayerNorm(dense(x) + residual), with the
 * dense bias and the residual add inside the norm's kernel. `block` is scoped to the block, which
 * holds `dense` and `LayerNorm`.
 */
export function bertOutput(g: GraphBuilder, block: WeightReader, x: string, residual: string, a: BertOutputArgs): string {
  const dense = matmul(g, x, block.linear('dense', a.inFeatures, a.hiddenSize), a.precision);
  const norm = block.norm('LayerNorm', a.hiddenSize);
  return skipLayerNorm(g, {
    input: dense.out,
    skip: residual,
    bias: dense.bias,
    norm,
    epsilon: a.epsilon,
    output: a.outputPrefix === undefined ? undefined : `${a.outputPrefix}/${norm.name}`,
  }).out;
}

/**
 * BERT self-attention's query, key and value (`self` is scoped to `attention.self`) from one MatMul
 * over the concatenated weights, split apart again; their biases, still to add, are packed in
 * `bias` for MultiHeadAttention, which adds them inside the kernel.
 */
export function bertQkv(
  g: GraphBuilder,
  x: string,
  self: WeightReader,
  hiddenSize: number,
  precision: Precision,
): { q: string; k: string; v: string; bias: string } {
  const D = hiddenSize;
  const packed = concatLinear(
    self.full('qkv'),
    ['query', 'key', 'value'].map((p) => self.linear(p, D, D)),
  );
  const projected = matmul(g, x, packed, precision);
  const [q, k, v] = g.node('Split', [projected.out, g.int64s('qkv_split', [D, D, D])], { outputs: 3, attrs: { axis: attr.int(-1) } });
  return { q, k, v, bias: projected.bias };
}
