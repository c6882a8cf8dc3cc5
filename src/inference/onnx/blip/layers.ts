import type { Precision } from '../../types';
import { attr, type GraphBuilder } from '../builder';
import { weightMatMul } from '../quantize/weightMatMul';
import type { LinearParams } from './weights';

/** onnxruntime's contrib operator domain (fused kernels: SkipLayerNormalization, BiasGelu, attention). */
export const MS_DOMAIN = 'com.microsoft';

/** Operator set versions every BLIP graph imports: 17 brings ONNX LayerNormalization. */
export const OPSETS = { '': 17, [MS_DOMAIN]: 1 };

export interface NormParams {
  gamma: Float32Array;
  beta: Float32Array;
}

/**
 * `x @ W` with the bias left to a fused consumer (SkipLayerNormalization, BiasGelu, attention). The
 * weight is stored and multiplied in `precision` (float32, or a quantized operator); biases stay float.
 */
export function matmul(
  g: GraphBuilder,
  x: string,
  p: LinearParams,
  name: string,
  precision: Precision = 'fp32',
): { out: string; bias: string } {
  const out = weightMatMul(g, x, p.weight, p.inFeatures, p.outFeatures, name, precision);
  const bias = g.initializer(`${name}.bias`, p.bias, [p.outFeatures]);
  return { out, bias };
}

/** `x @ W + b`; onnxruntime fuses the pair. */
export function linear(g: GraphBuilder, x: string, p: LinearParams, name: string, precision: Precision = 'fp32'): string {
  const { out, bias } = matmul(g, x, p, name, precision);
  return g.op('Add', [out, bias], { name: `${name}.add` });
}

/** GELU (exact, erf form) of `x @ W + b`, with the bias add fused into the activation. */
export function linearGelu(g: GraphBuilder, x: string, p: LinearParams, name: string, precision: Precision = 'fp32'): string {
  const { out, bias } = matmul(g, x, p, name, precision);
  return g.op('BiasGelu', [out, bias], { domain: MS_DOMAIN, name: `${name}.gelu` });
}

export function layerNorm(g: GraphBuilder, x: string, p: NormParams, epsilon: number, name: string): string {
  const gamma = g.initializer(`${name}.weight`, p.gamma, [p.gamma.length]);
  const beta = g.initializer(`${name}.bias`, p.beta, [p.beta.length]);
  return g.op('LayerNormalization', [x, gamma, beta], { name, attrs: { axis: attr.int(-1), epsilon: attr.float(epsilon) } });
}

export interface SkipLayerNormArgs {
  input: string;
  skip: string;
  norm: NormParams;
  epsilon: number;
  /** Initializer name prefix (the checkpoint's LayerNorm name). */
  name: string;
  /** Bias of the linear layer that produced `input`, added inside the kernel. */
  bias?: string;
  /** Also return input + skip + bias, which a pre-LN block (the vision encoder) needs as its next residual. */
  keepSum?: boolean;
  /** Name of the normalized output (e.g. a graph output); generated when absent. */
  output?: string;
}

/** LayerNorm(input + skip + bias) in one kernel. */
export function skipLayerNorm(g: GraphBuilder, a: SkipLayerNormArgs): { out: string; sum: string } {
  const gamma = g.initializer(`${a.name}.weight`, a.norm.gamma, [a.norm.gamma.length]);
  const beta = g.initializer(`${a.name}.bias`, a.norm.beta, [a.norm.beta.length]);
  const inputs = a.bias ? [a.input, a.skip, gamma, beta, a.bias] : [a.input, a.skip, gamma, beta];
  const out = a.output ?? `${a.name}/out`;
  // Outputs 1 and 2 (mean, inverse std) are only for training; an empty name leaves them out.
  const outputs = a.keepSum ? [out, '', '', `${a.name}/sum`] : [out];
  const [normed, , , sum] = g.node('SkipLayerNormalization', inputs, {
    domain: MS_DOMAIN,
    name: a.name,
    outputs,
    attrs: { epsilon: attr.float(a.epsilon) },
  });
  return { out: normed, sum };
}
