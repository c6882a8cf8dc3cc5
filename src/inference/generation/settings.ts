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

/** Hugging Face's GenerationConfig defaults. */
export const GENERATION_DEFAULTS = {
  numBeams: 1,
  maxLength: 20,
  minLength: 0,
  repetitionPenalty: 1,
  lengthPenalty: 1,
  earlyStopping: false,
} as const;

/** A decoding setting out of its range. */
export class GenerationOptionsError extends Error {
  override name = 'GenerationOptionsError';
}

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

/** A checkpoint's generation_config.json, as far as it sets decoding this runtime does. */
export interface CheckpointGenerationDefaults extends GenerationOptions {
  /** Tokens after the start token and prompt; stands for maxLength when nothing sets maxLength. */
  maxNewTokens?: number;
}

const CONFIG_FIELDS = {
  max_length: 'maxLength',
  max_new_tokens: 'maxNewTokens',
  min_length: 'minLength',
  num_beams: 'numBeams',
  repetition_penalty: 'repetitionPenalty',
  length_penalty: 'lengthPenalty',
} as const;

/**
 * Reads the decoding defaults of a checkpoint's generation_config.json (its text; the caller reads
 * the file), as transformers' GenerationConfig.from_pretrained does: they stand in for
 * Hugging Face's defaults, and anything the request sets wins over them, as generate(**kwargs)
 * does. The token ids in it are not taken: BLIP's generate passes its own start, end and padding
 * ids. `file` names the file in errors.
 */
export function parseGenerationConfig(text: string, file: string): CheckpointGenerationDefaults {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new GenerationOptionsError(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new GenerationOptionsError(`${file} is not a JSON object`);
  const config = json as Record<string, unknown>;
  const defaults: CheckpointGenerationDefaults = {};
  for (const [field, name] of Object.entries(CONFIG_FIELDS)) {
    const value = config[field];
    // null is how transformers writes "unset".
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new GenerationOptionsError(`${file}: ${field} must be a number, not ${JSON.stringify(value)}`);
    defaults[name] = value;
  }
  const early = config.early_stopping;
  if (early !== undefined && early !== null) {
    if (early !== true && early !== false && early !== 'never')
      throw new GenerationOptionsError(`${file}: early_stopping must be true, false or "never", not ${JSON.stringify(early)}`);
    defaults.earlyStopping = early;
  }
  return defaults;
}

/**
 * The options a caption decodes with: the request's, else the checkpoint's generation config, else
 * (in resolveSettings) Hugging Face's defaults. The checkpoint's max_new_tokens counts after the
 * start token and the prompt; a maxLength from the request or the checkpoint wins over it.
 */
export function withCheckpointDefaults(
  request: GenerationOptions,
  checkpoint: CheckpointGenerationDefaults,
  promptLength: number,
): GenerationOptions {
  const { maxNewTokens, ...defaults } = checkpoint;
  const merged: GenerationOptions = { ...defaults, ...request };
  if (request.maxLength === undefined && defaults.maxLength === undefined && maxNewTokens !== undefined)
    merged.maxLength = promptLength + maxNewTokens;
  return merged;
}
