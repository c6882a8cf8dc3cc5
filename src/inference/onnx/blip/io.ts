/**
 * The contract between the converter and the runtime: file names of the three graphs and the names
 * and layouts of their inputs and outputs.
 *
 * vision.onnx    pixel_values [batch, 3, H, W] -> image_embeds [batch, image_tokens, vision_hidden]
 * cross_kv.onnx  image_embeds -> cross_key.{l}, cross_value.{l} [batch, heads, image_tokens, head_size]
 * decoder.onnx   input_ids [batch, sequence] (int64),
 *                past_key.{l}, past_value.{l} [batch, heads, past_sequence, head_size],
 *                cross_key.{l}, cross_value.{l}
 *                -> logits [batch, sequence, vocab], present_key.{l}, present_value.{l}
 *                   [batch, heads, past_sequence + sequence, head_size]
 * The decoder places new tokens at positions past_sequence .. past_sequence + sequence - 1 and masks
 * attention causally among them, so one graph serves the prompt, teacher forcing and single steps.
 */
export const GRAPH_FILES = { vision: 'vision.onnx', crossKv: 'cross_kv.onnx', decoder: 'decoder.onnx' } as const;

export const PIXEL_VALUES = 'pixel_values';
export const IMAGE_EMBEDS = 'image_embeds';
export const INPUT_IDS = 'input_ids';
export const LOGITS = 'logits';

export const pastKey = (layer: number) => `past_key.${layer}`;
export const pastValue = (layer: number) => `past_value.${layer}`;
export const presentKey = (layer: number) => `present_key.${layer}`;
export const presentValue = (layer: number) => `present_value.${layer}`;
export const crossKey = (layer: number) => `cross_key.${layer}`;
export const crossValue = (layer: number) => `cross_value.${layer}`;
