import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '../../../src/inference/onnx/builder';
import { transpose } from '../../../src/inference/onnx/blip/weights';
import { OPSETS } from '../../../src/inference/onnx/blip/layers';
import { encodeModel } from '../../../src/inference/onnx/proto';
import { tokenAgreement } from '../../../src/inference/onnx/quantize/agreement';
import { dequantizeInt8Columns, quantizeInt8Columns } from '../../../src/inference/onnx/quantize/int8';
import { blocksPerRow, dequantizeBlocks, quantizeBlocks } from '../../../src/inference/onnx/quantize/nbits';
import { quantizedTiedTable } from '../../../src/inference/onnx/quantize/tiedTable';
import { WEIGHT_SCHEMES, weightMatMul } from '../../../src/inference/onnx/quantize/weightMatMul';

/** Seeded values around zero, with a few large ones as trained weights have. */
function values(count: number, seed: number, scale = 1): Float32Array {
  let a = seed;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    a ^= a << 13;
    a >>>= 0;
    a ^= a >>> 17;
    a ^= a << 5;
    a >>>= 0;
    const u = a / 2 ** 32 - 0.5;
    out[i] = (i % 97 === 0 ? 8 * u : u) * scale;
  }
  return out;
}

/** [K, N] row-major times [M, K] rows, in double precision. */
function matmul(x: Float32Array, w: Float32Array, rows: number, inFeatures: number, outFeatures: number): Float64Array {
  const y = new Float64Array(rows * outFeatures);
  for (let m = 0; m < rows; m++)
    for (let k = 0; k < inFeatures; k++)
      for (let n = 0; n < outFeatures; n++) y[m * outFeatures + n] += x[m * inFeatures + k] * w[k * outFeatures + n];
  return y;
}

async function runGraph(g: GraphBuilder, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(encodeModel(g.toModelMessage({ opsets: OPSETS, producerVersion: 'test' })));
  try {
    const out = await session.run(feeds);
    return out[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('int8 weights (one scale per column)', () => {
  it('dequantize within half a step of the original, zero columns included', () => {
    const [K, N] = [70, 33];
    const w = values(K * N, 3, 0.1);
    for (let k = 0; k < K; k++) w[k * N + 5] = 0;
    const q = quantizeInt8Columns(w, K, N);
    const back = dequantizeInt8Columns(q);
    for (let k = 0; k < K; k++) {
      for (let n = 0; n < N; n++) {
        const i = k * N + n;
        assert.ok(q.data[i] >= -127 && q.data[i] <= 127);
        assert.ok(
          Math.abs(back[i] - w[i]) <= q.scales[n] / 2 + 1e-7 * Math.abs(w[i]),
          `[${k}, ${n}]: ${back[i]} vs ${w[i]}, step ${q.scales[n]}`,
        );
      }
    }
    assert.equal(back[5], 0);
    // The largest magnitude of each column is represented exactly up to float rounding.
    const column = Array.from({ length: K }, (_, k) => w[k * N + 1]);
    const largest = column.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
    assert.ok(Math.abs(Math.abs(largest) - q.scales[1] * 127) < 1e-6 * Math.abs(largest));
  });
});

describe('block-quantized weights (MatMulNBits layout)', () => {
  for (const bits of [4, 8] as const) {
    it(`${bits}-bit: dequantize within half a step of the original, K not a multiple of the block`, () => {
      const [K, N, blockSize] = [80, 6, 32];
      const w = values(K * N, 5 + bits, 0.05);
      for (let k = 32; k < 64; k++) w[k * N + 2] = 0; // a block of zeros
      const q = quantizeBlocks(transpose(w, K, N), K, N, { bits, blockSize });
      const blocks = blocksPerRow(K, blockSize);
      assert.equal(blocks, 3);
      assert.equal(q.packed.length, N * blocks * ((blockSize * bits) / 8));
      assert.equal(q.zeroPoints.length, N * Math.ceil((blocks * bits) / 8));
      const back = dequantizeBlocks(q);
      for (let n = 0; n < N; n++) {
        for (let k = 0; k < K; k++) {
          const step = q.scales[n * blocks + Math.floor(k / blockSize)];
          const i = k * N + n;
          assert.ok(
            Math.abs(back[i] - w[i]) <= step / 2 + 1e-7 * Math.abs(w[i]),
            `[${k}, ${n}] (${bits} bits): ${back[i]} vs ${w[i]}, step ${step}`,
          );
        }
      }
      for (let k = 32; k < 64; k++) assert.equal(back[k * N + 2], 0);
    });
  }

  it('refuses block sizes MatMulNBits does not take', () => {
    assert.throws(() => quantizeBlocks(new Float32Array(16), 8, 2, { bits: 4, blockSize: 24 }), /power of two/);
  });
});

describe('quantized MatMuls in onnxruntime', () => {
  const [M, K, N] = [5, 96, 40];
  const x = values(M * K, 11, 2);
  const w = values(K * N, 13, 0.05);

  it('int8: DynamicQuantizeMatMul reads our packing; the difference is within the activation step', async () => {
    assert.equal(WEIGHT_SCHEMES.int8.kind, 'dynamic-int8');
    const g = new GraphBuilder('int8');
    g.output(weightMatMul(g, g.input('x', 'float', [M, K]), w, K, N, 'mm', 'int8'), 'float', [M, N]);
    const y = await runGraph(g, { x: new ort.Tensor('float32', x, [M, K]) });
    const dq = dequantizeInt8Columns(quantizeInt8Columns(w, K, N));
    const reference = matmul(x, dq, M, K, N);
    // Activations are quantized to uint8 over the whole tensor: each is off by at most one step of
    // the tensor's range (half a step of rounding, half of the rounded zero point).
    let lo = 0;
    let hi = 0;
    for (const v of x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const step = (hi - lo) / 255;
    for (let n = 0; n < N; n++) {
      let absColumn = 0;
      for (let k = 0; k < K; k++) absColumn += Math.abs(dq[k * N + n]);
      for (let m = 0; m < M; m++) assert.ok(Math.abs(y[m * N + n] - reference[m * N + n]) <= step * absColumn + 1e-5, `y[${m}, ${n}]`);
    }
  });

  it('q4: MatMulNBits reads our packing; the difference is within the per-block activation step', async () => {
    const scheme = WEIGHT_SCHEMES.q4;
    assert.ok(scheme.kind === 'blocks' && scheme.bits === 4);
    const g = new GraphBuilder('q4');
    g.output(weightMatMul(g, g.input('x', 'float', [M, K]), w, K, N, 'mm', 'q4'), 'float', [M, N]);
    const y = await runGraph(g, { x: new ort.Tensor('float32', x, [M, K]) });
    const dq = dequantizeBlocks(quantizeBlocks(transpose(w, K, N), K, N, scheme));
    const reference = matmul(x, dq, M, K, N);
    for (let m = 0; m < M; m++) {
      // accuracy_level 4 quantizes each row's blocks of activations to int8 (symmetric): half a step each.
      const stepOf = (k: number) => {
        const start = k - (k % scheme.blockSize);
        let max = 0;
        for (let j = start; j < Math.min(K, start + scheme.blockSize); j++) max = Math.max(max, Math.abs(x[m * K + j]));
        return scheme.accuracyLevel === 4 ? max / 127 : 0;
      };
      for (let n = 0; n < N; n++) {
        let bound = 1e-5;
        for (let k = 0; k < K; k++) bound += (Math.abs(dq[k * N + n]) * stepOf(k)) / 2;
        assert.ok(
          Math.abs(y[m * N + n] - reference[m * N + n]) <= bound,
          `y[${m}, ${n}]: ${y[m * N + n]} vs ${reference[m * N + n]} (bound ${bound})`,
        );
      }
    }
  });

  for (const precision of ['int8', 'q4'] as const) {
    it(`${precision}: a tied table's embedding rows are exactly the dequantized rows the LM head multiplies by`, async () => {
      const [vocab, hidden] = [37, 40];
      const table = values(vocab * hidden, 17, 0.1);
      const g = new GraphBuilder('tied');
      const ids = g.input('ids', 'int64', [1, 3]);
      const tied = quantizedTiedTable(g, table, vocab, hidden, 'head', precision);
      g.output(tied.rows(ids), 'float', [1, 3, hidden]);
      const rows = await runGraph(g, { ids: new ort.Tensor('int64', BigInt64Array.from([0n, 36n, 5n]), [1, 3]) });
      // Both layouts dequantize to [hidden, vocab] here (K = hidden, N = vocab).
      const transposed = new Float32Array(hidden * vocab);
      for (let v = 0; v < vocab; v++) for (let h = 0; h < hidden; h++) transposed[h * vocab + v] = table[v * hidden + h];
      const dq =
        precision === 'int8'
          ? dequantizeInt8Columns(quantizeInt8Columns(transposed, hidden, vocab))
          : dequantizeBlocks(quantizeBlocks(table, hidden, vocab, WEIGHT_SCHEMES.q4 as { bits: 4; blockSize: number }));
      [0, 36, 5].forEach((id, r) => {
        for (let h = 0; h < hidden; h++) assert.equal(rows[r * hidden + h], dq[h * vocab + id], `token ${id}, [${h}]`);
      });
    });
  }
});

describe('token agreement', () => {
  it('compares position by position after the start token; missing positions differ', () => {
    assert.equal(tokenAgreement([[9, 1, 2, 3]], [[9, 1, 2, 3]]), 1);
    assert.equal(tokenAgreement([[9, 1, 2, 3]], [[9, 1, 5, 3]]), 2 / 3);
    assert.equal(tokenAgreement([[9, 1, 2, 3, 4]], [[9, 1, 2]]), 2 / 4);
    assert.equal(
      tokenAgreement(
        [
          [9, 1],
          [9, 2, 3],
        ],
        [
          [9, 1],
          [9, 4, 3],
        ],
      ),
      2 / 3,
    );
    assert.throws(() => tokenAgreement([[1]], []), /sequences/);
  });
});
