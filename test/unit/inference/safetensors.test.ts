import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { halfToFloat } from '../../../src/inference/checkpoint/dtypes';
import { parseSafetensors, readSafetensors } from '../../../src/inference/checkpoint/safetensors';
import { parseBlipConfig, imageTokenCount } from '../../../src/inference/checkpoint/config';

const fixtures = path.join(__dirname, '../../fixtures');

function build(tensors: Record<string, { dtype: string; shape: number[]; bytes: Uint8Array }>): Uint8Array {
  let offset = 0;
  const header: Record<string, unknown> = {};
  const parts: Uint8Array[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
    parts.push(t.bytes);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('safetensors reader', () => {
  it('reads every tensor of the tiny checkpoint with the shapes its config implies', async () => {
    const weights = await readSafetensors(path.join(fixtures, 'blip-reference/tiny-blip/model.safetensors'));
    const config = parseBlipConfig(JSON.parse(readFileSync(path.join(fixtures, 'blip-reference/tiny-blip/config.json'), 'utf8')));
    const pos = weights.get('vision_model.embeddings.position_embedding')!;
    assert.deepEqual(pos.dims, [1, imageTokenCount(config.vision), config.vision.hiddenSize]);
    const words = weights.get('text_decoder.bert.embeddings.word_embeddings.weight')!;
    assert.deepEqual(words.dims, [config.text.vocabSize, config.text.hiddenSize]);
    assert.equal(words.data.length, config.text.vocabSize * config.text.hiddenSize);
  });

  it('widens F16 and BF16 to float32 exactly', () => {
    const f16 = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]).buffer); // 1, -2, 0.33325, 2^-24
    const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0xc040]).buffer); // 1, -3
    const t = parseSafetensors(build({ a: { dtype: 'F16', shape: [4], bytes: f16 }, b: { dtype: 'BF16', shape: [2], bytes: bf16 } }));
    assert.deepEqual([...t.get('a')!.data], [1, -2, halfToFloat(0x3555), 2 ** -24]);
    assert.deepEqual([...t.get('b')!.data], [1, -3]);
  });

  it('refuses a truncated file with a clear message', async () => {
    const bytes = readFileSync(path.join(fixtures, 'blip-reference/tiny-blip/model.safetensors'));
    assert.throws(() => parseSafetensors(bytes.subarray(0, bytes.length - 100), 'model.safetensors'), /truncated/);
    assert.throws(() => parseSafetensors(bytes.subarray(0, 4), 'model.safetensors'), /too short/);
  });

  it('refuses integer dtypes instead of misreading them', () => {
    assert.throws(() => parseSafetensors(build({ a: { dtype: 'I64', shape: [1], bytes: new Uint8Array(8) } })), /dtype I64/);
  });
});

describe('BLIP config', () => {
  it('takes every size from the file, for both reference checkpoints', () => {
    for (const [dir, vh, th] of [
      ['blip-reference', 48, 32],
      ['blip-heldout', 64, 40],
    ] as const) {
      const c = parseBlipConfig(JSON.parse(readFileSync(path.join(fixtures, dir, 'tiny-blip/config.json'), 'utf8')));
      assert.equal(c.vision.hiddenSize, vh);
      assert.equal(c.text.hiddenSize, th);
      assert.equal(c.text.encoderHiddenSize, vh);
    }
  });

  it('refuses a config of another model type', () => {
    assert.throws(() => parseBlipConfig({ model_type: 'bert' }), /only BLIP/);
  });
});
