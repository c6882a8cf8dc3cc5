/** The parts of a Hugging Face BLIP `config.json` that the runtime needs, with every size explicit. */
export interface BlipVisionConfig {
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  imageSize: number;
  patchSize: number;
  layerNormEps: number;
}

export interface BlipTextConfig {
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  maxPositions: number;
  /** Width of the image embeddings the cross-attention reads. */
  encoderHiddenSize: number;
  layerNormEps: number;
  bosTokenId: number;
  sepTokenId: number;
  padTokenId: number;
}

/** What a checkpoint is for, from `architectures` in config.json. */
export type BlipTask = 'captioning' | 'image-text-matching';

export interface BlipConfig {
  vision: BlipVisionConfig;
  text: BlipTextConfig;
  /** `BlipForImageTextRetrieval` is image-text matching; anything else is read as captioning. */
  task: BlipTask;
  /** Width of the ITC projections (`vision_proj`, `text_proj`) of a matching checkpoint. */
  imageTextHiddenSize: number;
}

export const IMAGE_TEXT_RETRIEVAL = 'BlipForImageTextRetrieval';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Defaults are the classes' own defaults in transformers (configuration_blip.py), used only where a
// hub config leaves a field out.
const VISION_DEFAULTS = {
  hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  image_size: 384,
  patch_size: 16,
  layer_norm_eps: 1e-5,
};
const TEXT_DEFAULTS = {
  vocab_size: 30524,
  hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  num_attention_heads: 8,
  max_position_embeddings: 512,
  layer_norm_eps: 1e-12,
  bos_token_id: 30522,
  sep_token_id: 102,
  pad_token_id: 0,
};

export function parseBlipConfig(json: unknown): BlipConfig {
  const root = asObject(json, 'config.json');
  const modelType = root.model_type;
  if (modelType !== undefined && modelType !== 'blip') {
    throw new ConfigError(
      `config.json describes a '${String(modelType)}' model; only BLIP captioning checkpoints (model_type 'blip') are supported`,
    );
  }
  const v = { ...VISION_DEFAULTS, ...asObject(root.vision_config ?? {}, 'vision_config') };
  const t = { ...TEXT_DEFAULTS, ...asObject(root.text_config ?? {}, 'text_config') };
  const vision: BlipVisionConfig = {
    hiddenSize: int(v.hidden_size, 'vision_config.hidden_size'),
    intermediateSize: int(v.intermediate_size, 'vision_config.intermediate_size'),
    numLayers: int(v.num_hidden_layers, 'vision_config.num_hidden_layers'),
    numHeads: int(v.num_attention_heads, 'vision_config.num_attention_heads'),
    imageSize: int(v.image_size, 'vision_config.image_size'),
    patchSize: int(v.patch_size, 'vision_config.patch_size'),
    layerNormEps: num(v.layer_norm_eps, 'vision_config.layer_norm_eps'),
  };
  const text: BlipTextConfig = {
    vocabSize: int(t.vocab_size, 'text_config.vocab_size'),
    hiddenSize: int(t.hidden_size, 'text_config.hidden_size'),
    intermediateSize: int(t.intermediate_size, 'text_config.intermediate_size'),
    numLayers: int(t.num_hidden_layers, 'text_config.num_hidden_layers'),
    numHeads: int(t.num_attention_heads, 'text_config.num_attention_heads'),
    maxPositions: int(t.max_position_embeddings, 'text_config.max_position_embeddings'),
    // BlipConfig sets the text decoder's encoder width from the vision width.
    encoderHiddenSize: int((t as Record<string, unknown>).encoder_hidden_size ?? vision.hiddenSize, 'text_config.encoder_hidden_size'),
    layerNormEps: num(t.layer_norm_eps, 'text_config.layer_norm_eps'),
    bosTokenId: int(t.bos_token_id, 'text_config.bos_token_id'),
    sepTokenId: int(t.sep_token_id, 'text_config.sep_token_id'),
    padTokenId: int(t.pad_token_id, 'text_config.pad_token_id'),
  };
  if (vision.hiddenSize % vision.numHeads !== 0)
    throw new ConfigError(`vision hidden size ${vision.hiddenSize} is not divisible by ${vision.numHeads} heads`);
  if (text.hiddenSize % text.numHeads !== 0)
    throw new ConfigError(`text hidden size ${text.hiddenSize} is not divisible by ${text.numHeads} heads`);
  if (vision.imageSize % vision.patchSize !== 0)
    throw new ConfigError(`image size ${vision.imageSize} is not a multiple of patch size ${vision.patchSize}`);
  const architectures = Array.isArray(root.architectures) ? root.architectures : [];
  const task: BlipTask = architectures.includes(IMAGE_TEXT_RETRIEVAL) ? 'image-text-matching' : 'captioning';
  // BlipConfig's own default; only the matching heads read it.
  const imageTextHiddenSize = int(root.image_text_hidden_size ?? 256, 'image_text_hidden_size');
  return { vision, text, task, imageTextHiddenSize };
}

/** Number of image tokens the vision encoder produces: one per patch plus the class token. */
export function imageTokenCount(vision: BlipVisionConfig): number {
  return (vision.imageSize / vision.patchSize) ** 2 + 1;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ConfigError(`config.json: ${what} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

function int(value: unknown, what: string): number {
  const n = num(value, what);
  if (!Number.isInteger(n) || (n <= 0 && !what.endsWith('token_id')))
    throw new ConfigError(`config.json: ${what} must be a positive integer, got ${n}`);
  return n;
}
