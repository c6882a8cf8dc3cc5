import { imageTokenCount, type BlipConfig } from '../../checkpoint/config';
import type { Precision } from '../../types';
import { attr, GraphBuilder } from '../builder';
import { crossKey, crossValue, IMAGE_EMBEDS } from './io';
import { IMAGE_FEAT } from './itmIo';
import { linear } from './layers';
import { firstToken, l2Normalize } from './normalize';
import { ConversionError, type WeightReader } from './weights';

/**
 * Everything of the matching model that depends on the image alone, run once per image: every text
 * encoder layer's cross-attention keys and values (split into heads, the layout MultiHeadAttention
 * reads), and the ITC image feature normalize(vision_proj(class token)).
 */
export function buildItmImageGraph(cfg: BlipConfig, w: WeightReader, precision: Precision = 'fp32'): GraphBuilder {
  const g = new GraphBuilder('blip_itm_image');
  const { text } = cfg;
  const Dv = cfg.vision.hiddenSize;
  const tokens = imageTokenCount(cfg.vision);
  const headSize = text.hiddenSize / text.numHeads;
  if (text.encoderHiddenSize !== Dv)
    throw new ConversionError(`config.json: text_config.encoder_hidden_size ${text.encoderHiddenSize} differs from the vision width ${Dv}`);
  const embeds = g.input(IMAGE_EMBEDS, 'float', ['batch', tokens, Dv]);

  const heads = g.int64s('head_shape', [0, 0, text.numHeads, headSize]);
  for (let l = 0; l < text.numLayers; l++) {
    const cross = w.at(`text_encoder.encoder.layer.${l}.crossattention.self`);
    for (const [part, output] of [
      ['key', crossKey(l)],
      ['value', crossValue(l)],
    ] as const) {
      const projected = linear(g, embeds, cross.linear(part, Dv, text.hiddenSize), cross.full(part), precision);
      const split = g.op('Reshape', [projected, heads]);
      g.op('Transpose', [split], { output, attrs: { perm: attr.ints([0, 2, 1, 3]) } });
      g.output(output, 'float', ['batch', text.numHeads, tokens, headSize]);
    }
  }

  const projected = linear(
    g,
    firstToken(g, embeds, 'class_token'),
    w.linear('vision_proj', Dv, cfg.imageTextHiddenSize),
    'vision_proj',
    precision,
  );
  l2Normalize(g, projected, 'image_feat.normalize', IMAGE_FEAT);
  g.output(IMAGE_FEAT, 'float', ['batch', cfg.imageTextHiddenSize]);
  return g;
}
