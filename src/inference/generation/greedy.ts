import { argmax, processScores } from './logits';
import type { TokenScorer } from './scorer';
import type { DecodingSettings } from './settings';
import { throwIfAborted } from './abort';

/**
 * Greedy decoding as Hugging Face's generate() does it for one sequence: the most likely token after
 * processing, until end of sequence (kept in the result) or maxLength tokens.
 */
export async function greedySearch(
  scorer: TokenScorer,
  prompt: readonly number[],
  settings: DecodingSettings,
  signal?: AbortSignal,
): Promise<number[]> {
  const sequence = [...prompt];
  let feed: readonly number[] = prompt;
  while (sequence.length < settings.maxLength) {
    throwIfAborted(signal);
    const scores = (await scorer.next([feed])).slice(0, scorer.vocabSize);
    processScores(scores, sequence, settings);
    const token = argmax(scores);
    sequence.push(token);
    if (token === settings.eosTokenId) break;
    feed = [token];
  }
  return sequence;
}
