/**
 * The decoder's starting ids, as BlipForConditionalGeneration.generate builds them: the tokenizer's
 * `[CLS] prompt [SEP]` with the first id replaced by the decoder's start token ([DEC]) and the last
 * one dropped; without a prompt, the start token alone.
 */
export function promptIds(encoded: readonly number[] | undefined, bosTokenId: number): number[] {
  if (!encoded) return [bosTokenId];
  if (encoded.length < 2) throw new Error('an encoded prompt must hold at least the [CLS] and [SEP] tokens');
  return [bosTokenId, ...encoded.slice(1, -1)];
}
