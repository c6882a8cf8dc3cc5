import { throwIfAborted } from './abort';
import { logSoftmax, processScores } from './logits';
import type { TokenScorer } from './scorer';
import type { DecodingSettings } from './settings';

/** Hugging Face's stand-in for minus infinity in beam bookkeeping (kept so ties and sums behave alike). */
const NEG = -1e9;
const f32 = Math.fround;

interface Hypothesis {
  tokens: number[];
  score: number;
  finished: boolean;
}

/**
 * Beam search for one sequence with the semantics of transformers' (>= 4.50, 5.x) vectorized
 * `_beam_search`:
 * - beams are ranked by the sum of processed log-probabilities; the first step starts from one live
 *   beam (the others score -1e9);
 * - each step keeps the best 2 * numBeams continuations over all beams; those ending in end of sequence,
 *   or reaching maxLength, leave the running set, and only the ones ranked within the first numBeams
 *   may enter the finished set, scored sum / generated_length ** lengthPenalty (generated length counts
 *   from after the prompt and includes the end token);
 * - the finished set keeps the best numBeams hypotheses; the search stops when every continuation has
 *   stopped, when earlyStopping is true and numBeams hypotheses are finished, or when the best running
 *   beam can no longer beat the worst finished one (judged at the current length, or at maxLength for
 *   earlyStopping 'never' with a positive length penalty).
 * Arithmetic on scores is rounded to float32 as in the reference.
 */
export async function beamSearch(
  scorer: TokenScorer,
  prompt: readonly number[],
  settings: DecodingSettings,
  signal?: AbortSignal,
): Promise<number[]> {
  const { numBeams, maxLength, lengthPenalty, earlyStopping, eosTokenId } = settings;
  const vocab = scorer.vocabSize;
  const candidatesKept = 2 * numBeams;
  const promptLength = prompt.length;

  let running: number[][] = Array.from({ length: numBeams }, () => [...prompt]);
  let runningScores: number[] = Array.from({ length: numBeams }, (_, i) => (i === 0 ? 0 : NEG));
  let finished: Hypothesis[] = Array.from({ length: numBeams }, () => ({ tokens: [...prompt], score: NEG, finished: false }));
  let improvementPossible = true;
  let length = promptLength;

  scorer.select(new Array<number>(numBeams).fill(0));
  let feed: number[][] = running.map((r) => [...r]);

  for (;;) {
    throwIfAborted(signal);
    const logits = await scorer.next(feed);
    const accumulated = new Float32Array(numBeams * vocab);
    for (let b = 0; b < numBeams; b++) {
      const row = logits.slice(b * vocab, (b + 1) * vocab);
      logSoftmax(row);
      processScores(row, running[b], settings);
      for (let v = 0; v < vocab; v++) accumulated[b * vocab + v] = row[v] + runningScores[b];
    }

    const candidates = topK(accumulated, candidatesKept).map((index) => {
      const beam = Math.floor(index / vocab);
      const token = index % vocab;
      const tokens = [...running[beam], token];
      return { beam, tokens, score: accumulated[index], stops: token === eosTokenId || tokens.length >= maxLength };
    });

    // Continuations that stopped cannot run on.
    const runningCandidateScores = candidates.map((c) => f32(c.score + (c.stops ? NEG : 0)));
    const nextRunning = topK(runningCandidateScores, numBeams);

    // Finished hypotheses: only stopped candidates within the first numBeams, and only while they can matter.
    const allFinished = finished.every((h) => h.finished);
    const lengthScale = f32((length + 1 - promptLength) ** lengthPenalty);
    const newcomers: Hypothesis[] = candidates.map((c, i) => {
      const enters = c.stops && i < numBeams;
      let score = f32(c.score / lengthScale);
      if (allFinished && earlyStopping === true) score = f32(score + NEG);
      if (!improvementPossible) score = f32(score + NEG);
      if (!enters) score = f32(score + NEG);
      return { tokens: c.tokens, score, finished: enters };
    });
    const merged = [...finished, ...newcomers];
    finished = topK(
      merged.map((h) => h.score),
      numBeams,
    ).map((i) => merged[i]);

    running = nextRunning.map((i) => candidates[i].tokens);
    runningScores = nextRunning.map((i) => runningCandidateScores[i]);
    length += 1;

    improvementPossible = improvementPossible && canImprove(runningScores[0], finished, length, settings, promptLength);
    const openBeam = !(finished.every((h) => h.finished) && earlyStopping === true);
    const continuable = !candidates.every((c) => c.stops);
    if (!(improvementPossible && openBeam && continuable)) break;

    scorer.select(nextRunning.map((i) => candidates[i].beam));
    feed = running.map((r) => [r[r.length - 1]]);
  }
  return finished[0].tokens;
}

/** Whether the best running beam could still beat the worst finished hypothesis. */
function canImprove(bestRunning: number, finished: Hypothesis[], length: number, s: DecodingSettings, promptLength: number): boolean {
  const hypotheticalLength = s.earlyStopping === 'never' && s.lengthPenalty > 0 ? s.maxLength - promptLength : length - promptLength;
  const bestPossible = f32(bestRunning / f32(hypotheticalLength ** s.lengthPenalty));
  const worstFinished = Math.min(...finished.map((h) => h.score));
  // A slot not yet holding a finished hypothesis counts as -1e9, which any live beam beats.
  return finished.some((h) => bestPossible > (h.finished ? worstFinished : NEG));
}

/** Indices of the k highest scores, best first; equal scores keep index order (as torch.topk on CPU). */
export function topK(scores: ArrayLike<number>, k: number): number[] {
  const picked: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (picked.length === k && !(s > scores[picked[k - 1]])) continue;
    let at = picked.length;
    while (at > 0 && s > scores[picked[at - 1]]) at--;
    picked.splice(at, 0, i);
    if (picked.length > k) picked.pop();
  }
  return picked;
}
