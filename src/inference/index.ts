/**
 * BLIP captioning and image-text matching on onnxruntime-node: checkpoints converted to ONNX by our
 * own converter, with Hugging Face semantics. Callers that must not block use CaptionWorker; the CLI
 * and tools may use Captioner and ImageTextMatcher in their own thread.
 */
export { Captioner, type CaptionerOptions } from './captioner';
export { CaptionWorker, type CaptionWorkerOptions } from './worker/captionWorker';
export { MatchWorker } from './worker/matchWorker';
export { ImageTextMatcher, MatcherError, MATCH_MAX_TOKENS, type MatchScore, type MatcherOptions } from './matcher';
export { packFor, type PackOptions } from './pack';
export {
  cleanCaption,
  decodingKey,
  DEFAULT_MAX_CHARACTERS,
  DEFAULT_STYLE,
  FIX_DECODING_DEFAULTS,
  fitCaption,
  PRECISIONS,
  styleCaption,
  type CaptionCleanupOptions,
  type CaptionRequest,
  type CaptionStyle,
} from './generation';
export { convertCheckpoint, CONVERTER_VERSION, type ConvertOptions, type PackManifestFragment } from './onnx/convert';
export type { CaptionResult, GenerationOptions, Precision } from './types';
