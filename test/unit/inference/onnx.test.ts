import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { readCheckpoint } from '../../../src/inference/checkpoint/index';
import { attr, GraphBuilder } from '../../../src/inference/onnx/builder';
import { crossKey, GRAPH_FILES } from '../../../src/inference/onnx/blip/io';
import { ConversionError } from '../../../src/inference/onnx/blip/weights';
import { convertCheckpoint } from '../../../src/inference/onnx/convert';
import { decodeModel, encodeModel } from '../../../src/inference/onnx/proto';
import { writeModel } from '../../../src/inference/onnx/write';
import { checkpointDir, convertedGraphs, FIXTURE_SETS, scratchDir } from './parity-fixtures';

const OPTIONS = { opsets: { '': 17, 'com.microsoft': 1 }, producerVersion: 'test' };

/** y = LayerNormalization(x + w) * 1, with a symbolic batch: exercises inputs, initializers, attributes. */
function smallGraph(): GraphBuilder {
  const g = new GraphBuilder('small');
  const x = g.input('x', 'float', ['batch', 4]);
  const sum = g.op('Add', [x, g.initializer('w', Float32Array.from([1, 2, 3, 4]), [4])]);
  g.op('LayerNormalization', [sum, g.floats('gamma', [1, 1, 1, 1]), g.floats('beta', [0, 0, 0, 0])], {
    output: 'y',
    attrs: { axis: attr.int(-1), epsilon: attr.float(1e-5) },
  });
  g.output('y', 'float', ['batch', 4]);
  return g;
}

async function runSmall(model: string | Uint8Array): Promise<number[]> {
  const session = await ort.InferenceSession.create(model as Uint8Array);
  try {
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 0, -1, 0, 0, 0, 0, 0]), [2, 4]) });
    return [...(out.y.data as Float32Array)];
  } finally {
    await session.release();
  }
}

function expectedSmall(): number[] {
  return [
    [2, 2, 2, 4],
    [1, 2, 3, 4],
  ].flatMap((row) => {
    const mean = row.reduce((a, b) => a + b) / 4;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    return row.map((v) => (v - mean) / Math.sqrt(variance + 1e-5));
  });
}

describe('ONNX graph builder', () => {
  it('writes models onnxruntime loads and runs', async () => {
    const result = await runSmall(encodeModel(smallGraph().toModelMessage(OPTIONS)));
    expectedSmall().forEach((v, i) => assert.ok(Math.abs(result[i] - v) < 1e-5, `y[${i}] = ${result[i]}, expected ${v}`));
  });

  it('uses onnx.proto field numbers (ir_version is field 1, graph field 7, opset_import field 8)', () => {
    const bytes = encodeModel(smallGraph().toModelMessage(OPTIONS));
    assert.equal(bytes[0], (1 << 3) | 0, 'field 1, varint');
    assert.equal(bytes[1], 8, 'IR version 8');
    const decoded = decodeModel(bytes);
    assert.equal(decoded.graph.node.length, 2);
    assert.deepEqual(
      decoded.opset_import.map((o) => [o.domain ?? '', o.version]),
      [
        ['', 17],
        ['com.microsoft', 1],
      ],
    );
    assert.deepEqual(decoded.graph.input[0].type.tensor_type.shape.dim, [{ dim_param: 'batch' }, { dim_value: 4 }]);
  });

  it('can keep weights in a side file (external data) with the same results', async () => {
    const dir = path.join(scratchDir(), 'external');
    await fs.mkdir(dir, { recursive: true });
    const files = await writeModel(smallGraph(), path.join(dir, 'small.onnx'), { ...OPTIONS, externalData: true });
    assert.deepEqual(
      files.map((f) => f.name),
      ['small.onnx.data', 'small.onnx'],
    );
    assert.deepEqual((await fs.readdir(dir)).sort(), ['small.onnx', 'small.onnx.data']);
    const inline = await runSmall(encodeModel(smallGraph().toModelMessage(OPTIONS)));
    assert.deepEqual(await runSmall(path.join(dir, 'small.onnx')), inline);
  });

  it('refuses a name used twice and data that does not fill its shape', () => {
    const g = new GraphBuilder('bad');
    g.input('x', 'float', [1]);
    assert.throws(() => g.initializer('x', new Float32Array(1), [1]), /already used/);
    assert.throws(() => g.initializer('w', new Float32Array(3), [2, 2]), /do not fill/);
  });
});

for (const set of FIXTURE_SETS) {
  describe(`BLIP converter: ${set}`, () => {
    const graph = async (file: string) => decodeModel(await fs.readFile(path.join(await convertedGraphs(set), file)));

    it('writes the three graphs and nothing else (no temporary files left)', async () => {
      assert.deepEqual((await fs.readdir(await convertedGraphs(set))).sort(), Object.values(GRAPH_FILES).sort());
    });

    it('keeps cross-attention key/value projections out of the decoder: they live in cross_kv.onnx', async () => {
      const isCrossKv = (name: string) => /crossattention\.self\.(key|value)\./.test(name);
      const decoder = await graph(GRAPH_FILES.decoder);
      const crossKv = await graph(GRAPH_FILES.crossKv);
      const { config } = await readCheckpoint(checkpointDir(set));
      assert.equal(decoder.graph.initializer.filter((t) => isCrossKv(t.name)).length, 0);
      assert.equal(crossKv.graph.initializer.filter((t) => isCrossKv(t.name)).length, 4 * config.text.numLayers);
      assert.ok(decoder.graph.input.some((i) => i.name === crossKey(config.text.numLayers - 1)));
    });

    it("uses onnxruntime's fused operators", async () => {
      const ops = async (file: string) =>
        new Set((await graph(file)).graph.node.map((n) => `${n.domain ? n.domain + '.' : ''}${n.op_type}`));
      const vision = await ops(GRAPH_FILES.vision);
      const decoder = await ops(GRAPH_FILES.decoder);
      for (const op of ['com.microsoft.Attention', 'com.microsoft.SkipLayerNormalization', 'com.microsoft.BiasGelu'])
        assert.ok(vision.has(op), `vision uses ${op}`);
      for (const op of [
        'com.microsoft.MultiHeadAttention',
        'com.microsoft.SkipLayerNormalization',
        'com.microsoft.BiasGelu',
        'LayerNormalization',
      ])
        assert.ok(decoder.has(op), `decoder uses ${op}`);
      for (const op of ['Softmax', 'Erf', 'ReduceMean']) assert.ok(!vision.has(op) && !decoder.has(op), `no unfused ${op}`);
    });

    it('stores a tied LM head once, shared with the word embeddings', async () => {
      const decoder = await graph(GRAPH_FILES.decoder);
      assert.ok(!decoder.graph.initializer.some((t) => t.name.endsWith('cls.predictions.decoder.weight')));
      const gemm = decoder.graph.node.find((n) => n.op_type === 'Gemm');
      assert.match(gemm?.input[1] ?? '', /word_embeddings\.weight$/);
    });
  });
}

describe('BLIP converter errors', () => {
  it('names the tensor whose shape does not match config.json, and writes no graph', async () => {
    const checkpoint = await readCheckpoint(checkpointDir('blip-reference'));
    const weights = new Map(checkpoint.weights);
    const name = 'text_decoder.bert.encoder.layer.0.intermediate.dense.weight';
    const original = weights.get(name)!;
    weights.set(name, { dims: [original.dims[0] - 1, original.dims[1]], data: original.data.subarray(original.dims[1]) });
    const out = path.join(scratchDir(), 'mismatch');
    await assert.rejects(
      convertCheckpoint({ config: checkpoint.config, weights }, out),
      (err: Error) => err instanceof ConversionError && err.message.includes(name),
    );
    assert.ok(!(await fs.readdir(out)).includes(GRAPH_FILES.decoder));
  });

  it('names a missing tensor', async () => {
    const checkpoint = await readCheckpoint(checkpointDir('blip-heldout'));
    const weights = new Map(checkpoint.weights);
    weights.delete('vision_model.post_layernorm.weight');
    await assert.rejects(
      convertCheckpoint({ config: checkpoint.config, weights }, path.join(scratchDir(), 'missing')),
      /no tensor 'vision_model\.post_layernorm\.weight'/,
    );
  });
});
