import type * as ort from 'onnxruntime-node';
import type { BlipConfig } from '../checkpoint/config';
import { crossKey, crossValue, IMAGE_EMBEDS, INPUT_IDS } from '../onnx/blip/io';
import { ATTENTION_MASK, IMAGE_FEAT, ITM_GRAPH_FILES, ITM_LOGITS, TEXT_FEAT } from '../onnx/blip/itmIo';
import { loadOnnxRuntime } from '../native';
import { layerOutputs, openSessions, PackSessions, runVision, type LayerKeysValues, type SessionOptions } from './sessions';

/** What the matching model needs of one image: its ITC feature and every layer's cross-attention keys and values. */
export interface EncodedImage extends LayerKeysValues {
  /** L2-normalised normalize(vision_proj(class token)), [projection]. */
  feature: Float32Array;
}

/** Texts as rows of equal length: ids padded with [PAD], mask 1 on real tokens. */
export interface TextBatch {
  rows: number;
  length: number;
  ids: BigInt64Array;
  mask: BigInt64Array;
}

/** Both heads' results for a batch of texts against one image. */
export interface TextScores {
  /** ITM logits [no match, match], row-major [rows, 2]. */
  logits: Float32Array;
  /** L2-normalised ITC text features (the encoder without the image), row-major [rows, projection]. */
  features: Float32Array;
}

/** Sessions over the three graphs of an image-text matching pack (see onnx/blip/itmIo.ts). */
export class ItmSessions extends PackSessions<keyof typeof ITM_GRAPH_FILES> {
  static async load(packDir: string, config: BlipConfig, options: SessionOptions = {}): Promise<ItmSessions> {
    return new ItmSessions(config, await openSessions(packDir, ITM_GRAPH_FILES, options));
  }

  /** pixel_values [1, 3, H, W] -> image_embeds [1, tokens, vision_hidden]. */
  encodePixels(pixels: Float32Array): Promise<ort.Tensor> {
    return runVision(this.graphs.vision, this.config, pixels, 1);
  }

  /** The image's ITC feature and cross-attention keys and values, from its embeddings (batch 1). */
  async encodeImage(imageEmbeds: ort.Tensor): Promise<EncodedImage> {
    const out = await this.graphs.image.run({ [IMAGE_EMBEDS]: imageEmbeds });
    return {
      feature: (out[IMAGE_FEAT] as ort.Tensor).data as Float32Array,
      ...layerOutputs(out, this.config.text.numLayers, crossKey, crossValue),
    };
  }

  /** ITM logits and ITC features of every row of `texts`, the ITM ones against one image. */
  async scoreTexts(texts: TextBatch, image: EncodedImage): Promise<TextScores> {
    const dims = [texts.rows, texts.length];
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new (loadOnnxRuntime().Tensor)('int64', texts.ids, dims),
      [ATTENTION_MASK]: new (loadOnnxRuntime().Tensor)('int64', texts.mask, dims),
    };
    image.keys.forEach((key, l) => {
      feeds[crossKey(l)] = key;
      feeds[crossValue(l)] = image.values[l];
    });
    const out = await this.graphs.text.run(feeds);
    return { logits: (out[ITM_LOGITS] as ort.Tensor).data as Float32Array, features: (out[TEXT_FEAT] as ort.Tensor).data as Float32Array };
  }
}

/** Token id lists as one right-padded batch with its attention mask. */
export function padTexts(rows: readonly (readonly number[])[], padId: number): TextBatch {
  const length = Math.max(1, ...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * length).fill(BigInt(padId));
  const mask = new BigInt64Array(rows.length * length);
  rows.forEach((row, r) => {
    row.forEach((id, i) => {
      ids[r * length + i] = BigInt(id);
      mask[r * length + i] = 1n;
    });
  });
  return { rows: rows.length, length, ids, mask };
}
