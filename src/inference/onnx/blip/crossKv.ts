import { imageTokenCount, type BlipConfig } from '../../checkpoint/config';
import type { Precision } from '../../types';
import { attr, GraphBuilder } from '../builder';
import { crossKey, crossValue, IMAGE_EMBEDS } from './io';
import { linear } from './layers';
import type { WeightReader } from './weights';

/**
 * Every decoder layer's cross-attention keys and values, projected from the image embeddings and
 * split into heads. They depend on the image alone, so the runtime runs this graph once per image and
 * the decoder graph holds no cross-attention key/value weights at all.
 */
export function buildCrossKvGraph(cfg: BlipConfig, w: WeightReader, precision: Precision = 'fp32'): GraphBuilder {
  const g = new GraphBuilder('blip_cross_kv');
  const { text } = cfg;
  const tokens = imageTokenCount(cfg.vision);
  const headSize = text.hiddenSize / text.numHeads;
  const embeds = g.input(IMAGE_EMBEDS, 'float', ['batch', tokens, text.encoderHiddenSize]);
  const heads = g.int64s('head_shape', [0, 0, text.numHeads, headSize]);
  for (let l = 0; l < text.numLayers; l++) {
    const L = `text_decoder.bert.encoder.layer.${l}.crossattention.self`;
    for (const [part, output] of [
      ['key', crossKey(l)],
      ['value', crossValue(l)],
    ] as const) {
      const projected = linear(g, embeds, w.linear(`${L}.${part}`, text.encoderHiddenSize, text.hiddenSize), `${L}.${part}`, precision);
      // [batch, tokens, hidden] -> [batch, heads, tokens, head_size], the layout MultiHeadAttention reads.
      const split = g.op('Reshape', [projected, heads]);
      g.op('Transpose', [split], { output, attrs: { perm: attr.ints([0, 2, 1, 3]) } });
      g.output(output, 'float', ['batch', text.numHeads, tokens, headSize]);
    }
  }
  return g;
}
