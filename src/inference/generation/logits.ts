/**
 * Logits processing with Hugging Face semantics, on one row of scores at a time. Scores are float32
 * as in the reference; every arithmetic result is rounded to float32 (Float32Array stores do that),
 * so comparisons between candidates behave as they do there.
 */

/**
 * RepetitionPenaltyLogitsProcessor: every token already in the sequence (start token and prompt
 * included) has its score divided by the penalty when positive and multiplied when negative.
 */
export function applyRepetitionPenalty(scores: Float32Array, sequence: readonly number[], penalty: number): void {
  if (penalty === 1) return;
  for (const token of new Set(sequence)) {
    if (token < 0 || token >= scores.length) continue;
    const s = scores[token];
    scores[token] = s < 0 ? s * penalty : s / penalty;
  }
}

/** MinLengthLogitsProcessor: end of sequence is impossible while the sequence is shorter than minLength. */
export function applyMinLength(scores: Float32Array, sequenceLength: number, minLength: number, eosTokenId: number): void {
  if (sequenceLength < minLength) scores[eosTokenId] = -Infinity;
}

/** log_softmax over a row, in place. */
export function logSoftmax(scores: Float32Array): void {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (const s of scores) sum += Math.exp(s - max);
  const logSum = Math.log(sum);
  for (let i = 0; i < scores.length; i++) scores[i] = scores[i] - max - logSum;
}

/** Index of the highest score; the first one on ties, as torch.argmax. */
export function argmax(scores: Float32Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  return best;
}

export interface ProcessorSettings {
  repetitionPenalty: number;
  minLength: number;
  eosTokenId: number;
}

/** The processors generate() applies, in Hugging Face's order: repetition penalty, then minimum length. */
export function processScores(scores: Float32Array, sequence: readonly number[], settings: ProcessorSettings): void {
  applyRepetitionPenalty(scores, sequence, settings.repetitionPenalty);
  applyMinLength(scores, sequence.length, settings.minLength, settings.eosTokenId);
}
