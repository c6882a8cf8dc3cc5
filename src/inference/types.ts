/** Decoding settings, with Hugging Face `generate` semantics. */
export interface GenerationOptions {
  /** Text the caption starts with (e.g. "a picture of"); stripped from the cleaned caption. */
  prompt?: string;
  /** 1 = greedy (default). */
  numBeams?: number;
  /** Counts the start token and the prompt, as Hugging Face does. Default 20. */
  maxLength?: number;
  /** The end token is suppressed until the sequence (start token and prompt included) is this long. Default 0. */
  minLength?: number;
  /** Above 1 discourages tokens already in the sequence, prompt included. Default 1. */
  repetitionPenalty?: number;
  /** Beam search: finished hypotheses score sum(log p) / length ** lengthPenalty. Default 1. */
  lengthPenalty?: number;
  /**
   * Beam search: true stops once numBeams hypotheses are finished; false (default) stops when the
   * best running beam cannot beat them at its current length; 'never' judges it at maxLength.
   */
  earlyStopping?: boolean | 'never';
}

export interface CaptionResult {
  /** Token ids including the start token (and the prompt), as Hugging Face returns them. */
  ids: number[];
  /** Decoded with special tokens skipped. */
  text: string;
  /** What the caption says: the prompt and BLIP's artefacts removed, no style applied (stripCaption). */
  cleaned: string;
  /** Alt text: the cleaned caption in the request's style (styleCaption). */
  caption: string;
  /** The short text read in a screenshot or diagram, lines joined by "\n", when asked for and found. */
  visibleText?: string;
}

/** A caption as the worker gives it: with the alt text that quotes any visible text after the caption. */
export interface AltTextResult extends CaptionResult {
  /** `caption`, then the visible text in quotes, within the style's budget (styleAltText); `caption` when none was read. */
  altText: string;
}

/** The precisions a pack can be converted to: float32 (the reference captions), or quantized. The one list. */
export const PRECISIONS = ['fp32', 'int8', 'q4'] as const;

export type Precision = (typeof PRECISIONS)[number];
