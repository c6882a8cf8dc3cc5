import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Captioner } from '../../../src/inference';
import { readCheckpoint } from '../../../src/inference/checkpoint/index';
import { GRAPH_FILES } from '../../../src/inference/onnx/blip/io';
import { convertCheckpoint } from '../../../src/inference/onnx/convert';
import { decodeModel } from '../../../src/inference/onnx/proto';
import { tokenAgreement } from '../../../src/inference/onnx/quantize/agreement';
import { readPackManifest } from '../../../src/inference/store/packs';
import { BlipSessions } from '../../../src/inference/runtime/sessions';
import {
  checkpointDir,
  convertedGraphs,
  FIXTURE_SETS,
  fixtureDir,
  golden,
  modelCache,
  referencePixels,
  scratchDir,
} from './parity-fixtures';
import { runCli } from '../../helpers/runCli';

const QUANTIZED = ['int8', 'q4'] as const;

/** Operators of a graph file, with their domains. */
async function operators(file: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const node of decodeModel(await fs.readFile(file)).graph.node) {
    const op = `${node.domain ? node.domain + '.' : ''}${node.op_type}`;
    counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  return counts;
}

for (const set of FIXTURE_SETS) {
  describe(`quantized packs: ${set}`, () => {
    for (const precision of QUANTIZED) {
      describe(precision, () => {
        let captioner: Captioner;
        before(async () => {
          captioner = await Captioner.load(checkpointDir(set), { cacheDir: modelCache(set), precision });
        });
        after(() => captioner?.dispose());

        it('is a pack of its own precision in the model cache, beside the float32 one', async () => {
          assert.equal((await readPackManifest(captioner.packDir))?.precision, precision);
          const fp32 = await Captioner.load(checkpointDir(set), { cacheDir: modelCache(set) });
          try {
            assert.notEqual(fp32.packDir, captioner.packDir);
            assert.equal((await readPackManifest(fp32.packDir))?.precision, 'fp32');
          } finally {
            await fp32.dispose();
          }
        });

        it('multiplies by quantized weights only: no float MatMul, no float word-embedding table', async () => {
          const quantizedOp = precision === 'int8' ? 'com.microsoft.DynamicQuantizeMatMul' : 'com.microsoft.MatMulNBits';
          const { config } = await readCheckpoint(checkpointDir(set));
          for (const file of Object.values(GRAPH_FILES)) {
            const ops = await operators(path.join(captioner.packDir, file));
            assert.ok(!ops.has('MatMul') && !ops.has('Gemm'), `${file} has no float MatMul or Gemm`);
            assert.ok((ops.get(quantizedOp) ?? 0) > 0, `${file} uses ${quantizedOp}`);
          }
          const decoder = decodeModel(await fs.readFile(path.join(captioner.packDir, GRAPH_FILES.decoder)));
          const floatTables = decoder.graph.initializer.filter(
            (t) => t.data_type === 1 && t.dims.map(Number).includes(config.text.vocabSize) && t.dims.length === 2,
          );
          assert.deepEqual(
            floatTables.map((t) => t.name),
            [],
            'the tied table is stored once, quantized',
          );
        });

        it('captions every reference image; its agreement with float32 is measured, not assumed', async () => {
          const g = await golden(set);
          const reference: number[][] = [];
          const ids: number[][] = [];
          for (const image of Object.values(g.images)) {
            const result = await captioner.caption(path.join(fixtureDir(set), image.file), { maxLength: 20 });
            assert.ok(result.ids.length > 1 && result.ids.length <= 20);
            assert.equal(result.ids[0], g.config.dec_id);
            assert.equal(typeof result.caption, 'string');
            reference.push(image.greedy.ids);
            ids.push(result.ids);
          }
          const agreement = tokenAgreement(reference, ids);
          // The quantized pack follows float32 image by image: it agrees with each image's own
          // float32 tokens more than with another image's.
          const elsewhere = tokenAgreement(
            reference.map((_, i) => reference[(i + 1) % reference.length]),
            ids,
          );
          assert.ok(agreement > elsewhere, `agreement ${agreement} with the same images, ${elsewhere} with others`);
          process.stdout.write(`      ${set} ${precision}: greedy token agreement with float32 ${(agreement * 100).toFixed(1)}%\n`);
        });
      });
    }

    it('a pack with its weights in side files (external data) gives the same tokens as one without', async () => {
      const checkpoint = await readCheckpoint(checkpointDir(set));
      const out = path.join(scratchDir(), `${set}-external`);
      const written = await convertCheckpoint(checkpoint, out, { externalData: true });
      assert.ok(written.files.some((f) => f.name === `${GRAPH_FILES.decoder}.data` && f.bytes > 0));
      const g = await golden(set);
      const [name, image] = Object.entries(g.images)[0];
      const pixels = await referencePixels(set, name);
      for (const dir of [out, await convertedGraphs(set)]) {
        const sessions = await BlipSessions.load(dir, checkpoint.config);
        try {
          const logits = await sessions.decode(
            BigInt64Array.from(image.greedy.ids, BigInt),
            image.greedy.ids.length,
            sessions.emptyCache(1),
            await sessions.crossAttention(await sessions.encodeImage(pixels)),
          );
          const vocab = checkpoint.config.text.vocabSize;
          const argmax = Array.from({ length: image.greedy.ids.length - 1 }, (_, p) => {
            const row = logits.logits.subarray(p * vocab, (p + 1) * vocab);
            return row.indexOf(Math.max(...row));
          });
          assert.deepEqual(argmax, image.greedy.ids.slice(1), dir);
        } finally {
          await sessions.dispose();
        }
      }
    });
  });
}

describe('local-alt-text caption --precision', () => {
  const set = 'blip-reference';
  const image = () => golden(set).then((g) => path.join(fixtureDir(set), Object.values(g.images)[0].file));
  before(async () => {
    // The CLI loads its commands with import(): the ESM loader must read TypeScript too.
    const typescriptEsmLoader: string = 'tsx/esm';
    await import(typescriptEsmLoader);
  });

  it('captions with the quantized pack it converts for that precision', async () => {
    const { code, stdout, stderr } = await runCli([
      'caption',
      await image(),
      '--model',
      checkpointDir(set),
      '--cache-dir',
      modelCache(set),
      '--precision',
      'int8',
      '--format',
      'json',
    ]);
    assert.equal(code, 0, stderr);
    const [result] = JSON.parse(stdout) as { ids: number[]; caption: string }[];
    const captioner = await Captioner.load(checkpointDir(set), { cacheDir: modelCache(set), precision: 'int8' });
    try {
      assert.deepEqual(result.ids, (await captioner.caption(await image())).ids);
    } finally {
      await captioner.dispose();
    }
  });

  it('refuses a precision it does not know, before loading anything', async () => {
    const { code, stderr } = await runCli(['caption', await image(), '--model', checkpointDir(set), '--precision', 'fp16']);
    assert.equal(code, 2);
    assert.match(stderr, /--precision must be fp32, int8, q4, not 'fp16'/);
  });
});
