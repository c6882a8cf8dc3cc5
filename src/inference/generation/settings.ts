import type { GenerationOptions } from '../types';

/** Fully resolved decoding settings (Hugging Face generate() names in camelCase). */
export interface DecodingSettings {
  numBeams: number;
  /** Counts the start token and the prompt. */
  maxLength: number;
  /** Counts the start token and the prompt: end of sequence is suppressed until the sequence is this long. */
  minLength: number;
  repetitionPenalty: number;
  lengthPenalty: number;
  earlyStopping: boolean | 'never';
  eosTokenId: number;
}

export class GenerationOptionsError extends Error {
  override name = 'GenerationOptionsError';
}

/** Hugging Face's GenerationConfig defaults. */
export const GENERATION_DEFAULTS = {
  numBeams: 1,
  maxLength: 20,
  minLength: 0,
  repetitionPenalty: 1,
  lengthPenalty: 1,
  earlyStopping: false,
} as const;

/** Applies defaults and checks ranges; `maxPositions` is the decoder's position table size. */
export function resolveSettings(
  options: GenerationOptions,
  eosTokenId: number,
  promptLength: number,
  maxPositions: number,
): DecodingSettings {
  const s: DecodingSettings = {
    numBeams: options.numBeams ?? GENERATION_DEFAULTS.numBeams,
    maxLength: options.maxLength ?? GENERATION_DEFAULTS.maxLength,
    minLength: options.minLength ?? GENERATION_DEFAULTS.minLength,
    repetitionPenalty: options.repetitionPenalty ?? GENERATION_DEFAULTS.repetitionPenalty,
    lengthPenalty: options.lengthPenalty ?? GENERATION_DEFAULTS.lengthPenalty,
    earlyStopping: options.earlyStopping ?? GENERATION_DEFAULTS.earlyStopping,
    eosTokenId,
  };
  if (!Number.isInteger(s.numBeams) || s.numBeams < 1)
    throw new GenerationOptionsError(`numBeams must be a positive integer, got ${s.numBeams}`);
  if (!Number.isInteger(s.minLength) || s.minLength < 0)
    throw new GenerationOptionsError(`minLength must be a non-negative integer, got ${s.minLength}`);
  if (!Number.isInteger(s.maxLength) || s.maxLength <= promptLength) {
    throw new GenerationOptionsError(
      `maxLength must be an integer above the start token and prompt length (${promptLength}), got ${s.maxLength}`,
    );
  }
  if (s.maxLength > maxPositions)
    throw new GenerationOptionsError(`maxLength ${s.maxLength} is beyond the model's ${maxPositions} positions`);
  if (!(s.repetitionPenalty > 0) || !Number.isFinite(s.repetitionPenalty))
    throw new GenerationOptionsError(`repetitionPenalty must be a positive number, got ${s.repetitionPenalty}`);
  if (!Number.isFinite(s.lengthPenalty)) throw new GenerationOptionsError(`lengthPenalty must be a number, got ${s.lengthPenalty}`);
  if (s.earlyStopping !== true && s.earlyStopping !== false && s.earlyStopping !== 'never') {
    throw new GenerationOptionsError(`earlyStopping must be true, false or 'never', got ${String(s.earlyStopping)}`);
  }
  return s;
}
