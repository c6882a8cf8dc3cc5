/**
 * Block-quantized weights in the layout of onnxruntime's MatMulNBits: the weight is read as [N, K]
 * (one row per output), each row cut into blocks of `blockSize` values along K, every block with its
 * own scale and zero point (asymmetric: the block's range, widened to include 0, is mapped onto
 * codes 0..2^bits-1). With 4 bits two codes share a byte, the first in the low nibble, and so do two
 * blocks' zero points. K need not be a multiple of the block size: the last block is padded with the
 * zero point's code, which stands for 0.
 */
export interface BlockQuantized {
  bits: 4 | 8;
  /** [N, blocksPerRow, blockSize * bits / 8] */
  packed: Uint8Array;
  /** [N * blocksPerRow]: weight = (code - zeroPoint) * scale. */
  scales: Float32Array;
  /** [N * ceil(blocksPerRow * bits / 8)] */
  zeroPoints: Uint8Array;
  /** K */
  inFeatures: number;
  /** N */
  outFeatures: number;
  blockSize: number;
}

export interface BlockQuantization {
  bits: 4 | 8;
  blockSize: number;
}

export function blocksPerRow(inFeatures: number, blockSize: number): number {
  return Math.ceil(inFeatures / blockSize);
}

/** Bytes of zero points per row: 4-bit zero points are packed two to a byte. */
function zeroPointBytesPerRow(blocks: number, bits: number): number {
  return Math.ceil((blocks * bits) / 8);
}

/** Quantizes a weight given row-major as [N, K] (the torch Linear and LM-head layout): rows are read in order. */
export function quantizeBlocks(
  weight: Float32Array,
  inFeatures: number,
  outFeatures: number,
  { bits, blockSize }: BlockQuantization,
): BlockQuantized {
  if (weight.length !== inFeatures * outFeatures)
    throw new Error(`a weight of [${outFeatures}, ${inFeatures}] needs ${inFeatures * outFeatures} values, got ${weight.length}`);
  if (blockSize < 16 || (blockSize & (blockSize - 1)) !== 0)
    throw new Error(`the block size must be a power of two of at least 16, got ${blockSize}`);
  const maxCode = (1 << bits) - 1;
  const perByte = 8 / bits;
  const blocks = blocksPerRow(inFeatures, blockSize);
  const blobBytes = (blockSize * bits) / 8;
  const zeroBytes = zeroPointBytesPerRow(blocks, bits);
  const packed = new Uint8Array(outFeatures * blocks * blobBytes);
  const scales = new Float32Array(outFeatures * blocks);
  const zeroPoints = new Uint8Array(outFeatures * zeroBytes);
  const values = new Float32Array(blockSize);
  for (let n = 0; n < outFeatures; n++) {
    for (let b = 0; b < blocks; b++) {
      const start = b * blockSize;
      const count = Math.min(blockSize, inFeatures - start);
      // The range includes 0 so that a zero weight (and the padding) is represented exactly.
      let min = 0;
      let max = 0;
      const rowStart = n * inFeatures + start;
      for (let i = 0; i < count; i++) {
        const v = weight[rowStart + i];
        values[i] = v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const scale = max > min ? (max - min) / maxCode : 1;
      const zeroPoint = Math.min(maxCode, Math.max(0, Math.round(-min / scale)));
      const inverse = 1 / scale;
      const blockIndex = n * blocks + b;
      scales[blockIndex] = scale;
      zeroPoints[n * zeroBytes + Math.floor(b / perByte)] |= zeroPoint << ((b % perByte) * bits);
      const out = blockIndex * blobBytes;
      for (let i = 0; i < blockSize; i++) {
        const code = i < count ? Math.min(maxCode, Math.max(0, Math.round(values[i] * inverse) + zeroPoint)) : zeroPoint;
        packed[out + Math.floor(i / perByte)] |= code << ((i % perByte) * bits);
      }
    }
  }
  return { bits, packed, scales, zeroPoints, inFeatures, outFeatures, blockSize };
}

/** The float weight a BlockQuantized stands for, row-major [K, N] (the MatMul layout). */
export function dequantizeBlocks(q: BlockQuantized): Float32Array {
  const { inFeatures: K, outFeatures: N, blockSize, bits } = q;
  const mask = (1 << bits) - 1;
  const perByte = 8 / bits;
  const blocks = blocksPerRow(K, blockSize);
  const blobBytes = (blockSize * bits) / 8;
  const zeroBytes = zeroPointBytesPerRow(blocks, bits);
  const out = new Float32Array(K * N);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const b = Math.floor(k / blockSize);
      const i = k % blockSize;
      const blockIndex = n * blocks + b;
      const code = (q.packed[blockIndex * blobBytes + Math.floor(i / perByte)] >> ((i % perByte) * bits)) & mask;
      const zeroPoint = (q.zeroPoints[n * zeroBytes + Math.floor(b / perByte)] >> ((b % perByte) * bits)) & mask;
      out[k * N + n] = (code - zeroPoint) * q.scales[blockIndex];
    }
  }
  return out;
}
