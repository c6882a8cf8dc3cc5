import type { Precision } from '../../types';
import { transpose } from '../blip/weights';
import { attr, type GraphBuilder } from '../builder';
import { quantizeInt8Columns, type Int8Columns } from './int8';
import { quantizeBlocks, type BlockQuantized } from './nbits';

const MS_DOMAIN = 'com.microsoft';

/** How the weights of one precision are stored and multiplied. */
export type WeightScheme =
  | { kind: 'float' }
  /** Per-column int8 weights; activations quantized per tensor to uint8 at run time (DynamicQuantizeMatMul). */
  | { kind: 'dynamic-int8' }
  /** MatMulNBits: block-quantized weights; accuracyLevel 4 quantizes activations per block to int8 inside the kernel. */
  | { kind: 'blocks'; bits: 4 | 8; blockSize: number; accuracyLevel: 0 | 1 | 4 };

export const WEIGHT_SCHEMES: Record<Precision, WeightScheme> = {
  fp32: { kind: 'float' },
  int8: { kind: 'dynamic-int8' },
  q4: { kind: 'blocks', bits: 4, blockSize: 32, accuracyLevel: 4 },
};

/**
 * `x @ W` for a constant weight W, given row-major [inFeatures, outFeatures] (the ONNX MatMul layout):
 * a float MatMul, or the quantized operator of the precision with its packed initializers.
 */
export function weightMatMul(
  g: GraphBuilder,
  x: string,
  weight: Float32Array,
  inFeatures: number,
  outFeatures: number,
  name: string,
  precision: Precision,
): string {
  const scheme = WEIGHT_SCHEMES[precision];
  switch (scheme.kind) {
    case 'float':
      return g.op('MatMul', [x, g.initializer(`${name}.weight_t`, weight, [inFeatures, outFeatures])], { name });
    case 'dynamic-int8':
      return int8MatMul(g, x, weight, inFeatures, outFeatures, name);
    case 'blocks':
      // MatMulNBits reads its weight as [N, K]: back to the torch layout, one output's weights in a row.
      return blockMatMul(
        g,
        x,
        quantizeBlocks(transpose(weight, inFeatures, outFeatures), inFeatures, outFeatures, scheme),
        scheme.accuracyLevel,
        name,
      );
  }
}

function int8MatMul(g: GraphBuilder, x: string, weight: Float32Array, inFeatures: number, outFeatures: number, name: string): string {
  return quantizedInt8MatMul(g, x, quantizeInt8Columns(weight, inFeatures, outFeatures), name);
}

/** DynamicQuantizeMatMul over weights already quantized. */
export function quantizedInt8MatMul(g: GraphBuilder, x: string, q: Int8Columns, name: string): string {
  const data = g.initializer(`${name}.weight_q`, q.data, [q.rows, q.columns]);
  const scales = g.initializer(`${name}.weight_scale`, q.scales, [q.columns]);
  return g.op('DynamicQuantizeMatMul', [x, data, scales], { domain: MS_DOMAIN, name });
}

/** MatMulNBits over `q`; `packed` names an initializer already holding q.packed (a table shared with a lookup). */
export function blockMatMul(g: GraphBuilder, x: string, q: BlockQuantized, accuracyLevel: number, name: string, packed?: string): string {
  const blocks = q.scales.length / q.outFeatures;
  packed ??= g.initializer(`${name}.weight_q${q.bits}`, q.packed, [q.outFeatures, blocks, (q.blockSize * q.bits) / 8]);
  const scales = g.initializer(`${name}.weight_scale`, q.scales, [q.scales.length]);
  const zeroPoints = g.initializer(`${name}.weight_zero_point`, q.zeroPoints, [q.zeroPoints.length]);
  return g.op('MatMulNBits', [x, packed, scales, zeroPoints], {
    domain: MS_DOMAIN,
    name,
    attrs: {
      K: attr.int(q.inFeatures),
      N: attr.int(q.outFeatures),
      bits: attr.int(q.bits),
      block_size: attr.int(q.blockSize),
      accuracy_level: attr.int(accuracyLevel),
    },
  });
}
