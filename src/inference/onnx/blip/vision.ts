import { imageTokenCount, type BlipVisionConfig } from '../../checkpoint/config';
import type { Precision } from '../../types';
import { attr, GraphBuilder } from '../builder';
import { IMAGE_EMBEDS, PIXEL_VALUES } from './io';
import { visionHidden } from './itmIo';
import { linearGelu, matmul, MS_DOMAIN, skipLayerNorm } from './layers';
import type { LinearParams, WeightReader } from './weights';

const P = 'vision_model';

/**
 * The BLIP ViT: patch embedding (Conv), class token and position embeddings, pre-LN encoder layers,
 * post_layernorm. Residual adds are folded into SkipLayerNormalization: a block's trailing add and the
 * next block's LayerNorm are one kernel, which also hands back the residual sum.
 */
export function buildVisionGraph(
  cfg: BlipVisionConfig,
  w: WeightReader,
  precision: Precision = 'fp32',
  options: { exposeHidden?: boolean } = {},
): GraphBuilder {
  const exposeHidden = options.exposeHidden ?? false;
  const g = new GraphBuilder('blip_vision');
  const D = cfg.hiddenSize;
  const eps = cfg.layerNormEps;
  const tokens = imageTokenCount(cfg);
  const pixels = g.input(PIXEL_VALUES, 'float', ['batch', 3, cfg.imageSize, cfg.imageSize]);

  const kernel = [D, 3, cfg.patchSize, cfg.patchSize];
  const patchWeight = g.initializer(
    `${P}.embeddings.patch_embedding.weight`,
    w.tensor(`${P}.embeddings.patch_embedding.weight`, kernel),
    kernel,
  );
  const patchBias = g.initializer(`${P}.embeddings.patch_embedding.bias`, w.tensor(`${P}.embeddings.patch_embedding.bias`, [D]), [D]);
  const patches = g.op('Conv', [pixels, patchWeight, patchBias], {
    name: 'patch_embedding',
    attrs: { kernel_shape: attr.ints([cfg.patchSize, cfg.patchSize]), strides: attr.ints([cfg.patchSize, cfg.patchSize]) },
  });
  // [batch, D, grid, grid] -> [batch, grid*grid, D]
  const flat = g.op('Reshape', [patches, g.int64s('patch_shape', [0, D, -1])]);
  const sequence = g.op('Transpose', [flat], { attrs: { perm: attr.ints([0, 2, 1]) } });
  // A zero row in front of the patches takes the class token: adding (class + position 0) to it gives
  // the reference's class_embedding + position_embedding[0] without any batch-shape arithmetic.
  const padded = g.op('Pad', [sequence, g.int64s('class_slot', [0, 1, 0, 0, 0, 0])], { name: 'class_slot' });
  const positions = g.initializer(`${P}.embeddings.class_and_position`, classAndPosition(cfg, w, tokens), [tokens, D]);

  let { out: normed, sum: residual } = skipLayerNorm(g, {
    input: padded,
    skip: positions,
    norm: w.norm(`${P}.encoder.layers.0.layer_norm1`, D),
    epsilon: eps,
    name: `${P}.encoder.layers.0.layer_norm1`,
    keepSum: true,
  });
  // The residual sums are the hidden states transformers reports (before post_layernorm).
  const hiddenStates = [residual];
  for (let l = 0; l < cfg.numLayers; l++) {
    const L = `${P}.encoder.layers.${l}`;
    const context = selfAttention(g, normed, w.linear(`${L}.self_attn.qkv`, D, 3 * D), cfg.numHeads, `${L}.self_attn`, precision);
    const projection = matmul(g, context, w.linear(`${L}.self_attn.projection`, D, D), `${L}.self_attn.projection`, precision);
    const attended = skipLayerNorm(g, {
      input: projection.out,
      skip: residual,
      bias: projection.bias,
      norm: w.norm(`${L}.layer_norm2`, D),
      epsilon: eps,
      name: `${L}.layer_norm2`,
      keepSum: true,
    });

    const hidden = linearGelu(g, attended.out, w.linear(`${L}.mlp.fc1`, D, cfg.intermediateSize), `${L}.mlp.fc1`, precision);
    const fc2 = matmul(g, hidden, w.linear(`${L}.mlp.fc2`, cfg.intermediateSize, D), `${L}.mlp.fc2`, precision);
    const last = l === cfg.numLayers - 1;
    const nextNorm = last ? `${P}.post_layernorm` : `${P}.encoder.layers.${l + 1}.layer_norm1`;
    ({ out: normed, sum: residual } = skipLayerNorm(g, {
      input: fc2.out,
      skip: attended.sum,
      bias: fc2.bias,
      norm: w.norm(nextNorm, D),
      epsilon: eps,
      name: nextNorm,
      keepSum: !last || exposeHidden,
      output: last ? IMAGE_EMBEDS : undefined,
    }));
    hiddenStates.push(residual);
  }
  g.output(IMAGE_EMBEDS, 'float', ['batch', tokens, D]);
  if (exposeHidden) {
    hiddenStates.forEach((state, i) => {
      g.op('Identity', [state], { output: visionHidden(i) });
      g.output(visionHidden(i), 'float', ['batch', tokens, D]);
    });
  }
  return g;
}

/**
 * Multi-head self-attention over all tokens from BLIP's packed QKV projection. In float32 the contrib
 * Attention kernel takes the packed weight as is (Q, K, V rows, heads contiguous). Its weight input
 * must be float, so a quantized pack projects with the quantized MatMul and hands Q, K and V (bias
 * still to add) to MultiHeadAttention.
 */
function selfAttention(g: GraphBuilder, x: string, qkv: LinearParams, numHeads: number, name: string, precision: Precision): string {
  const D = qkv.inFeatures;
  if (precision === 'fp32') {
    const weight = g.initializer(`${name}.qkv.weight_t`, qkv.weight, [D, 3 * D]);
    const bias = g.initializer(`${name}.qkv.bias`, qkv.bias, [3 * D]);
    return g.op('Attention', [x, weight, bias], { domain: MS_DOMAIN, name, attrs: { num_heads: attr.int(numHeads) } });
  }
  const projected = matmul(g, x, qkv, `${name}.qkv`, precision);
  const [q, k, v] = g.node('Split', [projected.out, g.int64s('qkv_split', [D, D, D])], { outputs: 3, attrs: { axis: attr.int(-1) } });
  return g.op('MultiHeadAttention', [q, k, v, projected.bias], { domain: MS_DOMAIN, name, attrs: { num_heads: attr.int(numHeads) } });
}

/** position_embedding with class_embedding added to row 0 (the class token's slot). */
function classAndPosition(cfg: BlipVisionConfig, w: WeightReader, tokens: number): Float32Array {
  const D = cfg.hiddenSize;
  const position = w.tensor(`${P}.embeddings.position_embedding`, [tokens, D]);
  const classToken = w.tensor(`${P}.embeddings.class_embedding`, [D]);
  const out = Float32Array.from(position);
  for (let i = 0; i < D; i++) out[i] += classToken[i];
  return out;
}
