import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CheckpointError,
  isCaptioningWeight,
  lmHeadWeight,
  LM_HEAD_WEIGHT,
  readCheckpoint,
  WORD_EMBEDDINGS,
} from '../../../src/inference/checkpoint/index';
import { readSafetensors } from '../../../src/inference/checkpoint/safetensors';
import type { Tensor } from '../../../src/inference/checkpoint/tensor';
import { torchZip } from '../../helpers/torch-zip';
import { encodeSafetensors, writeShardedSafetensors } from '../../helpers/safetensors-writer';

const fixtures = path.join(__dirname, '../../fixtures');
const SETS = ['blip-reference', 'blip-heldout'] as const;
const COMPANIONS = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'processor_config.json'];

function assertSameTensor(actual: Tensor | undefined, expected: Tensor, name: string): void {
  assert.ok(actual, `${name} is missing`);
  assert.deepEqual(actual.dims, expected.dims, `${name} dims`);
  assert.equal(actual.data.length, expected.data.length, `${name} length`);
  for (let i = 0; i < expected.data.length; i++) {
    if (!Object.is(actual.data[i], expected.data[i])) assert.fail(`${name}[${i}] = ${actual.data[i]}, expected ${expected.data[i]}`);
  }
}

async function folderWith(files: Record<string, Uint8Array | string>, from: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'checkpoint-'));
  for (const name of COMPANIONS) await fs.copyFile(path.join(from, name), path.join(dir, name));
  for (const [name, data] of Object.entries(files)) await fs.writeFile(path.join(dir, name), data);
  return dir;
}

describe('readCheckpoint', () => {
  const made: string[] = [];
  after(async () => {
    for (const dir of made) await fs.rm(dir, { recursive: true, force: true });
  });

  for (const set of SETS) {
    describe(set, () => {
      const safeDir = path.join(fixtures, set, 'tiny-blip');
      const binDir = path.join(fixtures, set, 'tiny-blip-bin');
      let reference: Map<string, Tensor>;
      before(async () => {
        reference = await readSafetensors(path.join(safeDir, 'model.safetensors'));
      });

      it('reads the safetensors folder: config, every captioning weight, and the files it used', async () => {
        const checkpoint = await readCheckpoint(safeDir);
        const expected = [...reference.keys()].filter(isCaptioningWeight);
        assert.deepEqual([...checkpoint.weights.keys()].sort(), expected.sort());
        assert.equal(checkpoint.config.text.vocabSize, lmHeadWeight(checkpoint.weights).dims[0]);
        assert.equal(checkpoint.config.text.hiddenSize, lmHeadWeight(checkpoint.weights).dims[1]);
        const names = checkpoint.files.map((f) => f.name);
        assert.ok(names.includes('config.json') && names.includes('model.safetensors'));
        const stat = await fs.stat(path.join(safeDir, 'model.safetensors'));
        assert.equal(checkpoint.files.find((f) => f.name === 'model.safetensors')!.bytes, stat.size);
      });

      it('reads the torch-written pytorch_model.bin exactly as the safetensors of the same model', async () => {
        const checkpoint = await readCheckpoint(binDir);
        for (const [name, tensor] of reference) if (isCaptioningWeight(name)) assertSameTensor(checkpoint.weights.get(name), tensor, name);
        // torch.save keeps the tied LM head, as a view of the word embeddings' storage.
        assertSameTensor(checkpoint.weights.get(LM_HEAD_WEIGHT), reference.get(WORD_EMBEDDINGS)!, LM_HEAD_WEIGHT);
        assert.ok(checkpoint.files.some((f) => f.name === 'pytorch_model.bin'));
        assert.deepEqual(checkpoint.config, (await readCheckpoint(safeDir)).config);
      });

      it('reads sharded safetensors through model.safetensors.index.json', async () => {
        const dir = await folderWith({}, safeDir);
        made.push(dir);
        const weightMap = await writeShardedSafetensors(dir, reference, 3);
        const checkpoint = await readCheckpoint(dir);
        for (const [name, tensor] of reference) if (isCaptioningWeight(name)) assertSameTensor(checkpoint.weights.get(name), tensor, name);
        const shardNames = [...new Set(Object.values(weightMap))].sort();
        assert.equal(shardNames.length, 3);
        assert.deepEqual(
          checkpoint.files
            .filter((f) => f.name.endsWith('.safetensors'))
            .map((f) => f.name)
            .sort(),
          shardNames,
        );
        assert.ok(checkpoint.files.some((f) => f.name === 'model.safetensors.index.json'));
      });

      it('reads sharded pytorch_model.bin through pytorch_model.bin.index.json', async () => {
        const names = [...reference.keys()];
        const halves = [names.slice(0, names.length >> 1), names.slice(names.length >> 1)];
        const files: Record<string, Uint8Array | string> = {};
        const weightMap: Record<string, string> = {};
        halves.forEach((part, i) => {
          const file = `pytorch_model-0000${i + 1}-of-00002.bin`;
          files[file] = torchZip(new Map(part.map((n) => [n, reference.get(n)!])), { prefix: `pytorch_model-0000${i + 1}-of-00002` });
          for (const n of part) weightMap[n] = file;
        });
        files['pytorch_model.bin.index.json'] = JSON.stringify({ weight_map: weightMap });
        const dir = await folderWith(files, safeDir);
        made.push(dir);
        const checkpoint = await readCheckpoint(dir);
        for (const [name, tensor] of reference) if (isCaptioningWeight(name)) assertSameTensor(checkpoint.weights.get(name), tensor, name);
      });
    });
  }

  it('leaves out other heads and index buffers, and falls back to the embeddings for the tied LM head', async () => {
    const source = await readSafetensors(path.join(fixtures, 'blip-reference/tiny-blip/model.safetensors'));
    const tensors = new Map(source);
    tensors.delete(LM_HEAD_WEIGHT);
    tensors.set('text_decoder.bert.embeddings.position_ids', { dims: [1, 4], data: new Float32Array([0, 1, 2, 3]) });
    tensors.set('text_encoder.embeddings.word_embeddings.weight', { dims: [2, 2], data: new Float32Array(4) });
    tensors.set('itm_head.weight', { dims: [2, 2], data: new Float32Array(4) });
    const dir = await folderWith({ 'model.safetensors': encodeSafetensors(tensors) }, path.join(fixtures, 'blip-reference/tiny-blip'));
    made.push(dir);
    const { weights } = await readCheckpoint(dir);
    assert.ok(![...weights.keys()].some((k) => k.endsWith('position_ids') || k.startsWith('text_encoder.') || k.startsWith('itm_head.')));
    assert.equal(weights.has(LM_HEAD_WEIGHT), false);
    assert.equal(lmHeadWeight(weights), weights.get(WORD_EMBEDDINGS));
    assert.throws(() => lmHeadWeight(new Map()), /neither/);
  });

  describe('bad folders', () => {
    const safeDir = path.join(fixtures, 'blip-reference/tiny-blip');

    it('names the folder when there are no weights', async () => {
      const dir = await folderWith({}, safeDir);
      made.push(dir);
      await assert.rejects(
        readCheckpoint(dir),
        (e: Error) => e instanceof CheckpointError && e.message.includes(dir) && /model\.safetensors/.test(e.message),
      );
    });

    it('names config.json when it is missing or corrupt', async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'checkpoint-'));
      made.push(dir);
      await assert.rejects(readCheckpoint(dir), /config\.json cannot be read/);
      await fs.writeFile(path.join(dir, 'config.json'), '{"model_type": "blip",');
      await assert.rejects(readCheckpoint(dir), /config\.json is not valid JSON/);
    });

    it('names a truncated pytorch_model.bin', async () => {
      const bytes = await fs.readFile(path.join(fixtures, 'blip-reference/tiny-blip-bin/pytorch_model.bin'));
      const dir = await folderWith({ 'pytorch_model.bin': bytes.subarray(0, bytes.length >> 1) }, safeDir);
      made.push(dir);
      await assert.rejects(
        readCheckpoint(dir),
        (e: Error) =>
          e instanceof CheckpointError && e.message.includes(path.join(dir, 'pytorch_model.bin')) && /truncated|not a zip/.test(e.message),
      );
    });

    it('names a pytorch_model.bin whose tensor bytes were damaged', async () => {
      const bytes = new Uint8Array(await fs.readFile(path.join(fixtures, 'blip-reference/tiny-blip-bin/pytorch_model.bin')));
      bytes[bytes.length >> 1] ^= 0xff;
      const dir = await folderWith({ 'pytorch_model.bin': bytes }, safeDir);
      made.push(dir);
      await assert.rejects(readCheckpoint(dir), /pytorch_model\.bin.*(checksum|corrupt)/);
    });

    it('names a truncated model.safetensors', async () => {
      const bytes = await fs.readFile(path.join(safeDir, 'model.safetensors'));
      const dir = await folderWith({ 'model.safetensors': bytes.subarray(0, bytes.length - 64) }, safeDir);
      made.push(dir);
      await assert.rejects(
        readCheckpoint(dir),
        (e: Error) => e.message.includes(path.join(dir, 'model.safetensors')) && /truncated/.test(e.message),
      );
    });

    it('names a shard the index lists but the folder lacks, and refuses shards outside the folder', async () => {
      const reference = await readSafetensors(path.join(safeDir, 'model.safetensors'));
      const dir = await folderWith({}, safeDir);
      made.push(dir);
      const weightMap = await writeShardedSafetensors(dir, reference, 2);
      const lost = Object.values(weightMap)[0];
      await fs.rm(path.join(dir, lost));
      await assert.rejects(readCheckpoint(dir), (e: Error) => e.message.includes(path.join(dir, lost)) && /missing/.test(e.message));

      await fs.writeFile(
        path.join(dir, 'model.safetensors.index.json'),
        JSON.stringify({ weight_map: { [WORD_EMBEDDINGS]: '../elsewhere.safetensors' } }),
      );
      await assert.rejects(readCheckpoint(dir), /not a file in the checkpoint folder/);
    });

    it('names a shard that lacks a tensor its index places there', async () => {
      const reference = await readSafetensors(path.join(safeDir, 'model.safetensors'));
      const dir = await folderWith({}, safeDir);
      made.push(dir);
      const weightMap = await writeShardedSafetensors(dir, reference, 2);
      weightMap['text_decoder.bert.encoder.layer.99.output.dense.weight'] = Object.values(weightMap)[0];
      await fs.writeFile(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: weightMap }));
      await assert.rejects(readCheckpoint(dir), /lacks text_decoder\.bert\.encoder\.layer\.99/);
    });
  });
});
