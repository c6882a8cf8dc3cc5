import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeSafetensors, type TensorToWrite } from '../../src/inference/checkpoint/safetensorsWriter';
import { writeProcessorConfigs } from './processorFiles';

/** The sizes of a BlipForImageTextRetrieval checkpoint. */
export interface ItmDims {
  vision: { hidden: number; layers: number; heads: number; ffn: number; image: number; patch: number; eps: number };
  /** `vocab`: rows of the word table, at least ITM_VOCAB's length (default exactly that). */
  text: { hidden: number; layers: number; heads: number; ffn: number; positions: number; eps: number; vocab?: number };
  projection: number;
}

/** The published matching checkpoints' shapes (BLIP's code and the transformers defaults; text is BERT-base in both). */
export const ITM_SHAPES: Record<'base' | 'large', ItmDims> = {
  base: {
    vision: { hidden: 768, layers: 12, heads: 12, ffn: 3072, image: 384, patch: 16, eps: 1e-5 },
    text: { hidden: 768, layers: 12, heads: 12, ffn: 3072, positions: 512, eps: 1e-12, vocab: 30524 },
    projection: 256,
  },
  large: {
    vision: { hidden: 1024, layers: 24, heads: 16, ffn: 4096, image: 384, patch: 16, eps: 1e-5 },
    text: { hidden: 768, layers: 12, heads: 12, ffn: 3072, positions: 512, eps: 1e-12, vocab: 30524 },
    projection: 256,
  },
};

/** Words of the synthetic vocabulary, after BERT's five special tokens; [DEC] and [ENC] end it. */
const WORDS = [
  'a',
  'an',
  'the',
  'of',
  'on',
  'in',
  'with',
  'cat',
  'dog',
  'cup',
  'coffee',
  'table',
  'red',
  'blue',
  'sky',
  'rocket',
  'man',
  'camera',
  'photo',
  '##s',
  '##ing',
  '##ed',
  '.',
  ',',
  '!',
  '?',
];
export const ITM_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...WORDS, '[DEC]', '[ENC]'];

/** ITM_VOCAB, with unused tokens before [DEC] and [ENC] up to `size` lines. */
function vocabulary(size = ITM_VOCAB.length): string[] {
  if (size < ITM_VOCAB.length) throw new Error(`a vocabulary of ${size} is smaller than the ${ITM_VOCAB.length} tokens it needs`);
  const unused = Array.from({ length: size - ITM_VOCAB.length }, (_, i) => `[unused${i}]`);
  return [...ITM_VOCAB.slice(0, -2), ...unused, ...ITM_VOCAB.slice(-2)];
}

/** mulberry32 with a Box-Muller normal: seeded and the same on every platform. */
function normalSource(seed: number): (std: number) => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 2 ** 32;
  };
  return (std) => std * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Every tensor of the published checkpoints' state dict, with its shape for `dims`. */
export function itmStateDictShapes(d: ItmDims): Map<string, number[]> {
  const { vision: v, text: t } = d;
  const tokens = (v.image / v.patch) ** 2 + 1;
  const out = new Map<string, number[]>();
  const linear = (name: string, outF: number, inF: number) => {
    out.set(`${name}.weight`, [outF, inF]);
    out.set(`${name}.bias`, [outF]);
  };
  const norm = (name: string, size: number) => {
    out.set(`${name}.weight`, [size]);
    out.set(`${name}.bias`, [size]);
  };
  out.set('vision_model.embeddings.class_embedding', [1, 1, v.hidden]);
  out.set('vision_model.embeddings.patch_embedding.weight', [v.hidden, 3, v.patch, v.patch]);
  out.set('vision_model.embeddings.patch_embedding.bias', [v.hidden]);
  out.set('vision_model.embeddings.position_embedding', [1, tokens, v.hidden]);
  for (let i = 0; i < v.layers; i++) {
    const p = `vision_model.encoder.layers.${i}`;
    linear(`${p}.self_attn.qkv`, 3 * v.hidden, v.hidden);
    linear(`${p}.self_attn.projection`, v.hidden, v.hidden);
    norm(`${p}.layer_norm1`, v.hidden);
    linear(`${p}.mlp.fc1`, v.ffn, v.hidden);
    linear(`${p}.mlp.fc2`, v.hidden, v.ffn);
    norm(`${p}.layer_norm2`, v.hidden);
  }
  norm('vision_model.post_layernorm', v.hidden);
  out.set('text_encoder.embeddings.word_embeddings.weight', [vocabulary(t.vocab).length, t.hidden]);
  out.set('text_encoder.embeddings.position_embeddings.weight', [t.positions, t.hidden]);
  // Older saves carry this buffer; the converter must ignore it.
  out.set('text_encoder.embeddings.position_ids', [1, t.positions]);
  norm('text_encoder.embeddings.LayerNorm', t.hidden);
  for (let i = 0; i < t.layers; i++) {
    const p = `text_encoder.encoder.layer.${i}`;
    for (const [block, kvWidth] of [
      ['attention', t.hidden],
      ['crossattention', v.hidden],
    ] as const) {
      linear(`${p}.${block}.self.query`, t.hidden, t.hidden);
      linear(`${p}.${block}.self.key`, t.hidden, kvWidth);
      linear(`${p}.${block}.self.value`, t.hidden, kvWidth);
      linear(`${p}.${block}.output.dense`, t.hidden, t.hidden);
      norm(`${p}.${block}.output.LayerNorm`, t.hidden);
    }
    linear(`${p}.intermediate.dense`, t.ffn, t.hidden);
    linear(`${p}.output.dense`, t.hidden, t.ffn);
    norm(`${p}.output.LayerNorm`, t.hidden);
  }
  linear('vision_proj', d.projection, v.hidden);
  linear('text_proj', d.projection, t.hidden);
  linear('itm_head', 2, t.hidden);
  return out;
}

export function itmConfigJson(d: ItmDims): Record<string, unknown> {
  return {
    architectures: ['BlipForImageTextRetrieval'],
    model_type: 'blip',
    image_text_hidden_size: d.projection,
    projection_dim: 7,
    vision_config: {
      hidden_size: d.vision.hidden,
      intermediate_size: d.vision.ffn,
      num_hidden_layers: d.vision.layers,
      num_attention_heads: d.vision.heads,
      image_size: d.vision.image,
      patch_size: d.vision.patch,
      layer_norm_eps: d.vision.eps,
      model_type: 'blip_vision_model',
    },
    text_config: {
      vocab_size: vocabulary(d.text.vocab).length,
      hidden_size: d.text.hidden,
      intermediate_size: d.text.ffn,
      num_hidden_layers: d.text.layers,
      num_attention_heads: d.text.heads,
      max_position_embeddings: d.text.positions,
      encoder_hidden_size: d.vision.hidden,
      layer_norm_eps: d.text.eps,
      is_decoder: true,
      bos_token_id: vocabulary(d.text.vocab).indexOf('[DEC]'),
      sep_token_id: 3,
      pad_token_id: 0,
      eos_token_id: 3,
      model_type: 'blip_text_model',
    },
  };
}

/**
 * Writes a BlipForImageTextRetrieval checkpoint of any size with seeded random weights, scaled as the
 * reference kit's (weights ~ N(0, (1.25 / sqrt(fan_in))^2), biases and norm shifts ~ N(0, 0.1^2),
 * norm scales ~ 1 + N(0, 0.1^2), embeddings ~ N(0, 0.5^2)) so that every weight moves the scores;
 * the tokenizer is vocab.txt alone.
 */
export async function writeRandomItmCheckpoint(dir: string, dims: ItmDims, seed = 1): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const normal = normalSource(seed);
  const tensors = new Map<string, TensorToWrite>();
  for (const [name, shape] of itmStateDictShapes(dims)) {
    let fill: (out: Float32Array) => void;
    const draw = (out: Float32Array, value: (i: number) => number) => {
      for (let i = 0; i < out.length; i++) out[i] = value(i);
    };
    if (name.endsWith('position_ids')) fill = (out) => draw(out, (i) => i);
    else if (/norm/i.test(name) && name.endsWith('.weight')) fill = (out) => draw(out, () => 1 + normal(0.1));
    else if (name.endsWith('.bias')) fill = (out) => draw(out, () => normal(0.1));
    else if (/embedding/.test(name)) fill = (out) => draw(out, () => normal(0.5));
    else {
      const fanIn = shape.slice(1).reduce((a, b) => a * b, 1);
      fill = (out) => draw(out, () => normal(1.25 / Math.sqrt(fanIn)));
    }
    tensors.set(name, { dims: shape, fill });
  }
  await writeSafetensors(path.join(dir, 'model.safetensors'), tensors);
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify(itmConfigJson(dims), null, 2));
  await fs.writeFile(path.join(dir, 'vocab.txt'), vocabulary(dims.text.vocab).join('\n') + '\n');
  await writeProcessorConfigs(dir, dims.vision.image);
}
