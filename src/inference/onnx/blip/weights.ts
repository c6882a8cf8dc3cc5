import type { Tensor } from '../../checkpoint/tensor';

export class ConversionError extends Error {
  override name = 'ConversionError';
}

/**
 * A linear layer's parameters laid out for ONNX MatMul: weight transposed to [in, out]. `name` is the
 * checkpoint's name for the layer, which the graph reuses for its initializers and nodes.
 */
export interface LinearParams {
  name: string;
  weight: Float32Array;
  bias: Float32Array;
  inFeatures: number;
  outFeatures: number;
}

/** A LayerNorm's scale and shift, under the checkpoint's name for the norm. */
export interface NormParams {
  name: string;
  gamma: Float32Array;
  beta: Float32Array;
}

/**
 * Reads named tensors out of a checkpoint's state dict, checking every shape against what the config
 * promises, so that a checkpoint that does not match its config.json fails with the tensor's name
 * rather than with a shape error deep inside ONNX Runtime.
 */
export class WeightReader {
  /** `scope` prefixes every name this reader is asked for (see `at`). */
  constructor(
    private readonly weights: ReadonlyMap<string, Tensor>,
    readonly scope = '',
  ) {}

  /** A reader for the tensors under `prefix` (relative to this reader's own scope): `w.at('text_encoder.encoder.layer.3')`. */
  at(prefix: string): WeightReader {
    return new WeightReader(this.weights, this.full(prefix));
  }

  has(name: string): boolean {
    return this.weights.has(this.full(name));
  }

  tensor(relativeName: string, dims: readonly number[]): Float32Array {
    const name = this.full(relativeName);
    const t = this.weights.get(name);
    if (!t) throw new ConversionError(`the checkpoint has no tensor '${name}'`);
    // Leading 1s differ with how a parameter was declared ([1, 1, D] class token, [1, N, D] positions).
    if (!sameShape(withoutLeadingOnes(t.dims), withoutLeadingOnes(dims))) {
      throw new ConversionError(`tensor '${name}' has shape [${t.dims.join(', ')}], expected [${dims.join(', ')}] from config.json`);
    }
    return t.data;
  }

  /** A torch Linear (weight [out, in], bias [out]) as MatMul operands. */
  linear(prefix: string, inFeatures: number, outFeatures: number): LinearParams {
    const weight = this.tensor(`${prefix}.weight`, [outFeatures, inFeatures]);
    return {
      name: this.full(prefix),
      weight: transpose(weight, outFeatures, inFeatures),
      bias: this.tensor(`${prefix}.bias`, [outFeatures]),
      inFeatures,
      outFeatures,
    };
  }

  /** LayerNorm scale and shift. */
  norm(prefix: string, size: number): NormParams {
    return { name: this.full(prefix), gamma: this.tensor(`${prefix}.weight`, [size]), beta: this.tensor(`${prefix}.bias`, [size]) };
  }

  /** The checkpoint name of `name` within this reader's scope. */
  full(name: string): string {
    return this.scope ? `${this.scope}.${name}` : name;
  }
}

function withoutLeadingOnes(dims: readonly number[]): readonly number[] {
  let i = 0;
  while (i < dims.length - 1 && dims[i] === 1) i++;
  return dims.slice(i);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Row-major [rows, cols] -> [cols, rows]. */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  // Blocked so that both the reads and the writes stay within cache lines on large matrices.
  const block = 32;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = Math.min(cols, c0 + block);
      for (let r = r0; r < r1; r++) {
        const rowBase = r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = data[rowBase + c];
      }
    }
  }
  return out;
}

/** Concatenates linear layers that read the same input into one wider MatMul ([in, sum(out)]) named `name`. */
export function concatLinear(name: string, parts: LinearParams[]): LinearParams {
  const inFeatures = parts[0].inFeatures;
  const outFeatures = parts.reduce((s, p) => s + p.outFeatures, 0);
  const weight = new Float32Array(inFeatures * outFeatures);
  const bias = new Float32Array(outFeatures);
  let column = 0;
  for (const p of parts) {
    if (p.inFeatures !== inFeatures) throw new ConversionError('concatenated linear layers must read the same input width');
    for (let r = 0; r < inFeatures; r++)
      weight.set(p.weight.subarray(r * p.outFeatures, (r + 1) * p.outFeatures), r * outFeatures + column);
    bias.set(p.bias, column);
    column += p.outFeatures;
  }
  return { name, weight, bias, inFeatures, outFeatures };
}
