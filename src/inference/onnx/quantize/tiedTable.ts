import type { Precision } from '../../types';
import { attr, type GraphBuilder } from '../builder';
import { transpose } from '../blip/weights';
import { quantizeInt8Columns } from './int8';
import { quantizeBlocks } from './nbits';
import { blockMatMul, WEIGHT_SCHEMES } from './weightMatMul';

const MS_DOMAIN = 'com.microsoft';

/** A [vocab, hidden] table serving as both the LM head and the word-embedding lookup. */
export interface TiedTable {
  /** `x @ T^T`: scores over the vocabulary for rows [.., hidden]. */
  scores(x: string): string;
  /** Rows of T for token ids [batch, sequence] -> [batch, sequence, hidden]. */
  rows(ids: string): string;
}

/**
 * A tied LM head and word-embedding table stored once, quantized: the LM head multiplies by it
 * with the precision's operator, and embedding lookups dequantize just the rows they gather. A float
 * copy for the lookup alone would cost as much memory as the rest of a quantized decoder's weights.
 */
export function quantizedTiedTable(
  g: GraphBuilder,
  table: Float32Array,
  vocab: number,
  hidden: number,
  name: string,
  precision: Exclude<Precision, 'fp32'>,
): TiedTable {
  const scheme = WEIGHT_SCHEMES[precision];
  if (scheme.kind === 'dynamic-int8') return int8Table(g, table, vocab, hidden, name);
  if (scheme.kind === 'blocks') return blockTable(g, table, vocab, hidden, name, scheme.bits, scheme.blockSize, scheme.accuracyLevel);
  throw new Error(`precision ${precision} is not quantized`);
}

/**
 * Stored [hidden, vocab] with one scale per token (DynamicQuantizeMatMul's layout), so a token's
 * embedding is a column: gathered on axis 1, widened and scaled.
 */
function int8Table(g: GraphBuilder, table: Float32Array, vocab: number, hidden: number, name: string): TiedTable {
  const q = quantizeInt8Columns(transpose(table, vocab, hidden), hidden, vocab);
  const data = g.initializer(`${name}.weight_q`, q.data, [hidden, vocab]);
  const scales = g.initializer(`${name}.weight_scale`, q.scales, [vocab]);
  return {
    scores: (x) => g.op('DynamicQuantizeMatMul', [x, data, scales], { domain: MS_DOMAIN, name }),
    rows: (ids) => {
      // [hidden, batch, sequence] -> [batch, sequence, hidden], times each token's scale.
      const columns = g.op('Gather', [data, ids], { name: `${name}.rows`, attrs: { axis: attr.int(1) } });
      const widened = g.op('Cast', [columns], { attrs: { to: attr.int(1) } });
      const rows = g.op('Transpose', [widened], { attrs: { perm: attr.ints([1, 2, 0]) } });
      const rowScales = g.op('Unsqueeze', [g.op('Gather', [scales, ids]), g.int64s('last_axis', [-1])]);
      return g.op('Mul', [rows, rowScales]);
    },
  };
}

/**
 * MatMulNBits' [vocab, blocks, blob] layout has one token per row already; GatherBlockQuantized
 * reads the same initializer and dequantizes the gathered rows (its scales and zero points are laid
 * out per block, one zero point per byte, so those small arrays are stored a second time).
 */
function blockTable(
  g: GraphBuilder,
  table: Float32Array,
  vocab: number,
  hidden: number,
  name: string,
  bits: 4 | 8,
  blockSize: number,
  accuracyLevel: number,
): TiedTable {
  const q = quantizeBlocks(table, hidden, vocab, { bits, blockSize });
  const blocks = q.scales.length / vocab;
  const data = g.initializer(`${name}.weight_q${bits}`, q.packed, [vocab, blocks, (blockSize * bits) / 8]);
  const perBlock = [vocab, blocks, 1];
  const gatherScales = g.initializer(`${name}.rows_scale`, q.scales, perBlock);
  const gatherZeroPoints = g.initializer(`${name}.rows_zero_point`, unpackZeroPoints(q.zeroPoints, vocab, blocks, bits), perBlock);
  return {
    scores: (x) => blockMatMul(g, x, q, accuracyLevel, name, data),
    rows: (ids) => {
      const gathered = g.op('GatherBlockQuantized', [data, ids, gatherScales, gatherZeroPoints], {
        domain: MS_DOMAIN,
        name: `${name}.rows`,
        attrs: { gather_axis: attr.int(0), quantize_axis: attr.int(2), block_size: attr.int(blockSize), bits: attr.int(bits) },
      });
      // [batch, sequence, blocks, blockSize] -> [batch, sequence, hidden], dropping the last block's padding.
      const flat = g.op('Reshape', [gathered, g.int64s('rows_shape', [0, 0, -1])]);
      if (blocks * blockSize === hidden) return flat;
      return g.op('Slice', [flat, g.int64s('rows_start', [0]), g.int64s('rows_end', [hidden]), g.int64s('rows_axis', [-1])]);
    },
  };
}

/** MatMulNBits packs 4-bit zero points two blocks to a byte; GatherBlockQuantized wants one per byte here. */
function unpackZeroPoints(packed: Uint8Array, rows: number, blocks: number, bits: number): Uint8Array {
  const perByte = 8 / bits;
  const bytesPerRow = Math.ceil(blocks / perByte);
  const out = new Uint8Array(rows * blocks);
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < blocks; b++)
      out[r * blocks + b] = (packed[r * bytesPerRow + Math.floor(b / perByte)] >> ((b % perByte) * bits)) & ((1 << bits) - 1);
  }
  return out;
}
