import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeSafetensors, type TensorToWrite } from '../../src/inference/checkpoint/safetensorsWriter';
import { bertDefinition } from '../../src/inference/tokenizer';
import { writeProcessorConfigs } from './processorFiles';

/**
 * BLIP checkpoints with the exact shapes of the published captioning models and seeded random
 * weights: they cost what the real models cost to convert and run, without downloading them.
 */
export type BlipShape = 'base' | 'large';

const SHAPES: Record<BlipShape, { visionHidden: number; visionLayers: number; visionHeads: number; visionFfn: number }> = {
  base: { visionHidden: 768, visionLayers: 12, visionHeads: 12, visionFfn: 3072 },
  large: { visionHidden: 1024, visionLayers: 24, visionHeads: 16, visionFfn: 4096 },
};

const TEXT = { hidden: 768, layers: 12, heads: 12, ffn: 3072, vocab: 30524, positions: 512, tokenizerSize: 30522 };

export function blipConfigJson(shape: BlipShape): Record<string, unknown> {
  const v = SHAPES[shape];
  return {
    architectures: ['BlipForConditionalGeneration'],
    model_type: 'blip',
    projection_dim: 512,
    vision_config: {
      hidden_size: v.visionHidden,
      intermediate_size: v.visionFfn,
      num_hidden_layers: v.visionLayers,
      num_attention_heads: v.visionHeads,
      image_size: 384,
      patch_size: 16,
      layer_norm_eps: 1e-5,
      model_type: 'blip_vision_model',
    },
    text_config: {
      vocab_size: TEXT.vocab,
      hidden_size: TEXT.hidden,
      intermediate_size: TEXT.ffn,
      num_hidden_layers: TEXT.layers,
      num_attention_heads: TEXT.heads,
      max_position_embeddings: TEXT.positions,
      encoder_hidden_size: v.visionHidden,
      layer_norm_eps: 1e-12,
      bos_token_id: 30522,
      sep_token_id: 102,
      pad_token_id: 0,
      eos_token_id: 2,
      model_type: 'blip_text_model',
    },
  };
}

/** xorshift128+ with a Box-Muller normal: fast, seeded, identical on every platform. */
function normalSource(seed: number): (std: number) => number {
  let s0 = (BigInt(seed) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn || 1n;
  let s1 = (s0 ^ 0x6a09e667f3bcc909n) & 0xffffffffffffffffn;
  const uniform = () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= (x << 23n) & 0xffffffffffffffffn;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return Number(((s1 + y) & 0xffffffffffffffffn) >> 11n) / 2 ** 53;
  };
  // BigInt arithmetic is too slow for hundreds of millions of draws: seed a 32-bit generator from it.
  let a = Math.floor(uniform() * 2 ** 32) >>> 0 || 1;
  const fast = () => {
    a ^= a << 13;
    a >>>= 0;
    a ^= a >>> 17;
    a ^= a << 5;
    a >>>= 0;
    return (a + 0.5) / 2 ** 32;
  };
  return (std) => std * Math.sqrt(-2 * Math.log(fast())) * Math.cos(2 * Math.PI * fast());
}

function stateDictShapes(shape: BlipShape): Map<string, number[]> {
  const v = SHAPES[shape];
  const D = v.visionHidden;
  const tokens = (384 / 16) ** 2 + 1;
  const out = new Map<string, number[]>();
  out.set('vision_model.embeddings.class_embedding', [1, 1, D]);
  out.set('vision_model.embeddings.position_embedding', [1, tokens, D]);
  out.set('vision_model.embeddings.patch_embedding.weight', [D, 3, 16, 16]);
  out.set('vision_model.embeddings.patch_embedding.bias', [D]);
  for (let i = 0; i < v.visionLayers; i++) {
    const p = `vision_model.encoder.layers.${i}`;
    out.set(`${p}.self_attn.qkv.weight`, [3 * D, D]);
    out.set(`${p}.self_attn.qkv.bias`, [3 * D]);
    out.set(`${p}.self_attn.projection.weight`, [D, D]);
    out.set(`${p}.self_attn.projection.bias`, [D]);
    for (const ln of ['layer_norm1', 'layer_norm2']) {
      out.set(`${p}.${ln}.weight`, [D]);
      out.set(`${p}.${ln}.bias`, [D]);
    }
    out.set(`${p}.mlp.fc1.weight`, [v.visionFfn, D]);
    out.set(`${p}.mlp.fc1.bias`, [v.visionFfn]);
    out.set(`${p}.mlp.fc2.weight`, [D, v.visionFfn]);
    out.set(`${p}.mlp.fc2.bias`, [D]);
  }
  out.set('vision_model.post_layernorm.weight', [D]);
  out.set('vision_model.post_layernorm.bias', [D]);
  const H = TEXT.hidden;
  const t = 'text_decoder.bert';
  out.set(`${t}.embeddings.word_embeddings.weight`, [TEXT.vocab, H]);
  out.set(`${t}.embeddings.position_embeddings.weight`, [TEXT.positions, H]);
  out.set(`${t}.embeddings.LayerNorm.weight`, [H]);
  out.set(`${t}.embeddings.LayerNorm.bias`, [H]);
  for (let i = 0; i < TEXT.layers; i++) {
    const p = `${t}.encoder.layer.${i}`;
    for (const [block, kvWidth] of [
      ['attention', H],
      ['crossattention', D],
    ] as const) {
      out.set(`${p}.${block}.self.query.weight`, [H, H]);
      out.set(`${p}.${block}.self.query.bias`, [H]);
      for (const kv of ['key', 'value']) {
        out.set(`${p}.${block}.self.${kv}.weight`, [H, kvWidth]);
        out.set(`${p}.${block}.self.${kv}.bias`, [H]);
      }
      out.set(`${p}.${block}.output.dense.weight`, [H, H]);
      out.set(`${p}.${block}.output.dense.bias`, [H]);
      out.set(`${p}.${block}.output.LayerNorm.weight`, [H]);
      out.set(`${p}.${block}.output.LayerNorm.bias`, [H]);
    }
    out.set(`${p}.intermediate.dense.weight`, [TEXT.ffn, H]);
    out.set(`${p}.intermediate.dense.bias`, [TEXT.ffn]);
    out.set(`${p}.output.dense.weight`, [H, TEXT.ffn]);
    out.set(`${p}.output.dense.bias`, [H]);
    out.set(`${p}.output.LayerNorm.weight`, [H]);
    out.set(`${p}.output.LayerNorm.bias`, [H]);
  }
  const c = 'text_decoder.cls.predictions';
  out.set(`${c}.transform.dense.weight`, [H, H]);
  out.set(`${c}.transform.dense.bias`, [H]);
  out.set(`${c}.transform.LayerNorm.weight`, [H]);
  out.set(`${c}.transform.LayerNorm.bias`, [H]);
  out.set(`${c}.bias`, [TEXT.vocab]);
  // The LM head is tied to the word embeddings and left out, as in the published checkpoints' safetensors.
  return out;
}

/**
 * A WordPiece tokenizer.json with BERT's special-token ids and a synthetic vocabulary of BERT's
 * size, defined as the runtime defines BertTokenizer on a vocab.txt (bertDefinition).
 */
function tokenizerJson(): object {
  const special: Record<number, string> = { 0: '[PAD]', 100: '[UNK]', 101: '[CLS]', 102: '[SEP]', 103: '[MASK]' };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const lines = Array.from(
    { length: TEXT.tokenizerSize },
    (_, id) =>
      special[id] ??
      (id < 1000 ? `[unused${id}]` : id % 3 === 0 ? `##${letters[id % 26]}${id.toString(36)}` : `${letters[id % 26]}${id.toString(36)}`),
  );
  const specialTokens = { unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', mask_token: '[MASK]' };
  return bertDefinition(lines.join('\n'), specialTokens);
}

/** Writes config, tokenizer, preprocessor config and seeded random weights into `dir`. */
export async function writeRandomBlipCheckpoint(dir: string, shape: BlipShape, seed = 1): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const normal = normalSource(seed);
  const tensors = new Map<string, TensorToWrite>();
  for (const [name, dims] of stateDictShapes(shape)) {
    const isNorm = /layer_?norm/i.test(name);
    const fill =
      isNorm && name.endsWith('.weight')
        ? (out: Float32Array) => out.fill(1)
        : isNorm
          ? (out: Float32Array) => out.fill(0)
          : (out: Float32Array) => {
              for (let i = 0; i < out.length; i++) out[i] = normal(0.02);
            };
    tensors.set(name, { dims, fill });
  }
  await writeSafetensors(path.join(dir, 'model.safetensors'), tensors);
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify(blipConfigJson(shape), null, 2));
  await fs.writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson()));
  await writeProcessorConfigs(dir, 384);
}
