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
  const embeds = g.input(IMAGE_EMBEDS, 'float', ['batch', imageTokenCount(cfg.vision), cfg.text.encoderHiddenSize]);
  crossKeysAndValues(g, cfg, embeds, w.at('text_decoder.bert.encoder.layer'), precision);
  return g;
}

/**
 * Adds, as graph outputs, each text layer's cross-attention key and value projections of `embeds`
 * ([batch, tokens, encoder width]) split into heads ([batch, heads, tokens, head size], the layout
 * MultiHeadAttention reads). `layers` is scoped to the text model's `encoder.layer`.
 */
export function crossKeysAndValues(g: GraphBuilder, cfg: BlipConfig, embeds: string, layers: WeightReader, precision: Precision): void {
  const { text } = cfg;
  const tokens = imageTokenCount(cfg.vision);
  const headSize = text.hiddenSize / text.numHeads;
  const heads = g.int64s('head_shape', [0, 0, text.numHeads, headSize]);
  for (let l = 0; l < text.numLayers; l++) {
    const cross = layers.at(`${l}.crossattention.self`);
    for (const [part, output] of [
      ['key', crossKey(l)],
      ['value', crossValue(l)],
    ] as const) {
      const projected = linear(g, embeds, cross.linear(part, text.encoderHiddenSize, text.hiddenSize), precision);
      const split = g.op('Reshape', [projected, heads]);
      g.op('Transpose', [split], { output, attrs: { perm: attr.ints([0, 2, 1, 3]) } });
      g.output(output, 'float', ['batch', text.numHeads, tokens, headSize]);
    }
  }
}
