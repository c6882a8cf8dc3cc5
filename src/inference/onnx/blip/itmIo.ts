/**
 * The contract between the converter and the runtime for image-text matching packs
 * (`BlipForImageTextRetrieval`): file names of the three graphs and their inputs and outputs.
 *
 * vision.onnx     pixel_values [batch, 3, H, W] -> image_embeds [batch, image_tokens, vision_hidden]
 *                 (the captioning vision graph, same builder)
 * itm_image.onnx  image_embeds -> image_feat [batch, projection] (ITC, L2-normalised),
 *                 cross_key.{l}, cross_value.{l} [batch, heads, image_tokens, head_size]
 * itm_text.onnx   input_ids, attention_mask [batch, sequence] (int64), cross_key.{l}, cross_value.{l}
 *                 of ONE image -> itm_logits [batch, 2] ([no match, match]) for every text against
 *                 it, and text_feat [batch, projection] (ITC: the encoder without the image, L2-normalised)
 *
 * The ITC cosine is image_feat . text_feat; the match probability is softmax(itm_logits)[1].
 */
export const ITM_GRAPH_FILES = { vision: 'vision.onnx', image: 'itm_image.onnx', text: 'itm_text.onnx' } as const;

/** The text encoder's two passes: with cross-attention to the image (ITM) and without (ITC). */
export type TextMode = 'itm' | 'itc';

export const ATTENTION_MASK = 'attention_mask';
export const ITM_LOGITS = 'itm_logits';
export const IMAGE_FEAT = 'image_feat';
export const TEXT_FEAT = 'text_feat';

/** Only in graphs built with `exposeHidden` (tests): the text encoder's hidden states per pass, 0 = embeddings. */
export const textHidden = (mode: TextMode, index: number) => `text_hidden.${mode}.${index}`;
/** Only in vision graphs built with `exposeHidden`: 0 = embeddings, i = after layer i, before post_layernorm. */
export const visionHidden = (index: number) => `vision_hidden.${index}`;
