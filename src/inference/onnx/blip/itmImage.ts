import { imageTokenCount, type BlipConfig } from '../../checkpoint/config';
import type { Precision } from '../../types';
import { GraphBuilder } from '../builder';
import { crossKeysAndValues } from './crossKv';
import { IMAGE_EMBEDS } from './io';
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
  if (text.encoderHiddenSize !== Dv)
    throw new ConversionError(`config.json: text_config.encoder_hidden_size ${text.encoderHiddenSize} differs from the vision width ${Dv}`);
  const embeds = g.input(IMAGE_EMBEDS, 'float', ['batch', imageTokenCount(cfg.vision), Dv]);
  crossKeysAndValues(g, cfg, embeds, w.at('text_encoder.encoder.layer'), precision);

  const projected = linear(g, firstToken(g, embeds, 'class_token'), w.linear('vision_proj', Dv, cfg.imageTextHiddenSize), precision);
  l2Normalize(g, projected, 'image_feat.normalize', IMAGE_FEAT);
  g.output(IMAGE_FEAT, 'float', ['batch', cfg.imageTextHiddenSize]);
  return g;
}
