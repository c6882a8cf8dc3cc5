/**
 * Symmetric int8 weights with one scale per output column, for onnxruntime's DynamicQuantizeMatMul:
 * activations are quantized to uint8 at run time and multiplied with int8 weights (u8 x s8, the
 * operand order of x86 VNNI's vpdpbusd and of AMX's int8 tiles). Zero is exact, so no zero point is
 * stored.
 */
export interface Int8Columns {
  /** Row-major [K, N], the layout MatMul reads. */
  data: Int8Array;
  /** One per column: weight = code * scale. */
  scales: Float32Array;
  rows: number;
  columns: number;
}

/** The largest code: the range is symmetric (-127..127), which keeps -128 out and negation exact. */
const MAX_CODE = 127;

/** Quantizes a row-major [rows = K, columns = N] float weight, each column on its own scale. */
export function quantizeInt8Columns(weight: Float32Array, rows: number, columns: number): Int8Columns {
  if (weight.length !== rows * columns)
    throw new Error(`an int8 weight of [${rows}, ${columns}] needs ${rows * columns} values, got ${weight.length}`);
  const absMax = new Float32Array(columns);
  for (let r = 0; r < rows; r++) {
    const base = r * columns;
    for (let c = 0; c < columns; c++) {
      const v = Math.abs(weight[base + c]);
      if (v > absMax[c]) absMax[c] = v;
    }
  }
  // A column of zeros gets scale 1 rather than 0, so that dequantization never divides by zero.
  const scales = Float32Array.from(absMax, (m) => (m > 0 ? m / MAX_CODE : 1));
  const inverse = Float64Array.from(scales, (s) => 1 / s);
  const data = new Int8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const base = r * columns;
    for (let c = 0; c < columns; c++) {
      const code = Math.round(weight[base + c] * inverse[c]);
      data[base + c] = code > MAX_CODE ? MAX_CODE : code < -MAX_CODE ? -MAX_CODE : code;
    }
  }
  return { data, scales, rows, columns };
}

/** The float weight an Int8Columns stands for. */
export function dequantizeInt8Columns(q: Int8Columns): Float32Array {
  const out = new Float32Array(q.rows * q.columns);
  for (let r = 0; r < q.rows; r++) {
    const base = r * q.columns;
    for (let c = 0; c < q.columns; c++) out[base + c] = q.data[base + c] * q.scales[c];
  }
  return out;
}
