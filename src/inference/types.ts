/** Decoding settings, with Hugging Face `generate` semantics. */
export interface GenerationOptions {
  /** Text the caption starts with (e.g. "a picture of"); stripped from the cleaned caption. */
  prompt?: string;
  /** 1 = greedy. */
  numBeams?: number;
  /** Counts the start token and the prompt, as Hugging Face does. Default 20. */
  maxLength?: number;
  minLength?: number;
  repetitionPenalty?: number;
  lengthPenalty?: number;
  /** Beam search stops once num_beams hypotheses are finished (true) or uses the HF heuristic (false). */
  earlyStopping?: boolean;
}

export interface CaptionResult {
  /** Token ids including the start token (and the prompt), as Hugging Face returns them. */
  ids: number[];
  /** Decoded with special tokens skipped. */
  text: string;
  /** Cleaned for use as alt text. */
  caption: string;
}

export type Precision = 'fp32' | 'int8' | 'q4';
