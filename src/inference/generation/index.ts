import { beamSearch } from './beamSearch';
import { greedySearch } from './greedy';
import type { TokenScorer } from './scorer';
import type { DecodingSettings } from './settings';

export { abortError, isAbortError, throwIfAborted } from './abort';
export { applyMinLength, applyRepetitionPenalty, argmax, logSoftmax, processScores } from './logits';
export { promptIds } from './prompt';
export type { TokenScorer } from './scorer';
export {
  GENERATION_DEFAULTS,
  GenerationOptionsError,
  parseGenerationConfig,
  resolveSettings,
  withCheckpointDefaults,
  type CheckpointGenerationDefaults,
  type DecodingSettings,
} from './settings';
export { beamSearch, greedySearch };

/** Token ids (prompt included, end token kept when reached) by greedy or beam search. */
export function generate(
  scorer: TokenScorer,
  prompt: readonly number[],
  settings: DecodingSettings,
  signal?: AbortSignal,
): Promise<number[]> {
  return settings.numBeams > 1 ? beamSearch(scorer, prompt, settings, signal) : greedySearch(scorer, prompt, settings, signal);
}
export { cleanCaption, stripCaption, DEFAULT_MAX_CHARACTERS, type CaptionCleanupOptions } from './cleanCaption';
export { styleCaption } from './captionStyle';
export {
  decodingKey,
  decodingOf,
  DEFAULT_STYLE,
  FIX_DECODING_DEFAULTS,
  PRECISIONS,
  styleOf,
  type CaptionRequest,
  type CaptionStyle,
} from './request';
export { fitCaption } from './captionBudget';
export { removeArtefacts } from './captionArtefacts';
