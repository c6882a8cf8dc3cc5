/**
 * What decoding needs from a model: next-token logits for a set of rows (one per beam), each row
 * extending its own cached prefix. Generation strategies see nothing else of the runtime, so they can
 * be tested against a scripted model.
 */
export interface TokenScorer {
  readonly vocabSize: number;
  /** Rows the next call to `next` will feed. */
  readonly rows: number;
  /**
   * Appends `tokens[r]` to row r (every row the same number of tokens) and returns the logits for
   * the token after each row's last one, row-major [rows, vocabSize].
   */
  next(tokens: readonly (readonly number[])[]): Promise<Float32Array>;
  /**
   * Rebuilds the rows from existing ones: new row i continues old row `sources[i]`. Rows may repeat
   * (beams sharing a prefix) and the count may change (one prompt row expanded into beams).
   */
  select(sources: readonly number[]): void;
}
