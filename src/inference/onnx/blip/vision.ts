import { imageTokenCount, type BlipVisionConfig } from '../../checkpoint/config';
import type { Precision } from '../../types';
import { attr, GraphBuilder } from '../builder';
import { IMAGE_EMBEDS, PIXEL_VALUES } from './io';
import { visionHidden } from './itmIo';
import { linearGelu, matmul, MS_DOMAIN, parameter, skipLayerNorm } from './layers';
import type { WeightReader } from './weights';

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

  const v = w.at('vision_model');
  const patch = v.at('embeddings.patch_embedding');
  const patchWeight = parameter(g, patch, 'weight', [D, 3, cfg.patchSize, cfg.patchSize]);
  const patchBias = parameter(g, patch, 'bias', [D]);
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
  const embeddings = v.at('embeddings');
  const positions = g.initializer(embeddings.full('class_and_position'), classAndPosition(cfg, embeddings, tokens), [tokens, D]);

  const layers = v.at('encoder.layers');
  let { out: normed, sum: residual } = skipLayerNorm(g, {
    input: padded,
    skip: positions,
    norm: layers.norm('0.layer_norm1', D),
    epsilon: eps,
    keepSum: true,
  });
  // The residual sums are the hidden states transformers reports (before post_layernorm).
  const hiddenStates = [residual];
  for (let l = 0; l < cfg.numLayers; l++) {
    const layer = layers.at(String(l));
    const attention = layer.at('self_attn');
    const context = selfAttention(g, normed, attention, D, cfg.numHeads, precision);
    const projection = matmul(g, context, attention.linear('projection', D, D), precision);
    const attended = skipLayerNorm(g, {
      input: projection.out,
      skip: residual,
      bias: projection.bias,
      norm: layer.norm('layer_norm2', D),
      epsilon: eps,
      keepSum: true,
    });

    const hidden = linearGelu(g, attended.out, layer.linear('mlp.fc1', D, cfg.intermediateSize), precision);
    const fc2 = matmul(g, hidden, layer.linear('mlp.fc2', cfg.intermediateSize, D), precision);
    const last = l === cfg.numLayers - 1;
    ({ out: normed, sum: residual } = skipLayerNorm(g, {
      input: fc2.out,
      skip: attended.sum,
      bias: fc2.bias,
      norm: last ? v.norm('post_layernorm', D) : layers.norm(`${l + 1}.layer_norm1`, D),
      epsilon: eps,
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
 * Multi-head self-attention over all tokens from BLIP's packed QKV projection (`attention` is scoped
 * to the layer's `self_attn`). In float32 the contrib Attention kernel takes the packed weight as is
 * (Q, K, V rows, heads contiguous). Its weight input must be float, so a quantized pack projects with
 * the quantized MatMul and hands Q, K and V (bias still to add) to MultiHeadAttention.
 */
function selfAttention(g: GraphBuilder, x: string, attention: WeightReader, D: number, numHeads: number, precision: Precision): string {
  const qkv = attention.linear('qkv', D, 3 * D);
  const name = attention.scope;
  if (precision === 'fp32') {
    const weight = g.initializer(`${qkv.name}.weight_t`, qkv.weight, [D, 3 * D]);
    const bias = g.initializer(`${qkv.name}.bias`, qkv.bias, [3 * D]);
    return g.op('Attention', [x, weight, bias], { domain: MS_DOMAIN, name, attrs: { num_heads: attr.int(numHeads) } });
  }
  const projected = matmul(g, x, qkv, precision);
  const [q, k, v] = g.node('Split', [projected.out, g.int64s('qkv_split', [D, D, D])], { outputs: 3, attrs: { axis: attr.int(-1) } });
  return g.op('MultiHeadAttention', [q, k, v, projected.bias], { domain: MS_DOMAIN, name, attrs: { num_heads: attr.int(numHeads) } });
}

/** position_embedding with class_embedding added to row 0 (the class token's slot); `embeddings` is scoped to the embeddings. */
function classAndPosition(cfg: BlipVisionConfig, embeddings: WeightReader, tokens: number): Float32Array {
  const D = cfg.hiddenSize;
  const position = embeddings.tensor('position_embedding', [tokens, D]);
  const classToken = embeddings.tensor('class_embedding', [D]);
  const out = Float32Array.from(position);
  for (let i = 0; i < D; i++) out[i] += classToken[i];
  return out;
}
