/** A float32 tensor in row-major order, as every checkpoint reader hands it out. */
export interface Tensor {
  dims: number[];
  data: Float32Array;
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
