import type { ImageRef } from '../markdown/types';
import type { Problem, ProblemSeverity } from './types';

/**
 * Below this probability of match (BLIP's ITM head) an alt text is reported as not describing its
 * image. BLIP's ITM head is trained on one matching pair to two hard negatives (blip_retrieval.py,
 * `itm_labels = [1]*bs + [0]*2bs`), so its output is calibrated to a prior of 1/3: a probability of
 * 1/3 is where match and mismatch are equally likely for a text that is as likely as not to fit.
 * An alt text in a document was written for its image far more often than not, which argues for a
 * threshold a little below that point rather than above it; 0.3 is that, rounded. The real
 * checkpoints were not measured here (see docs/rules.md), so the threshold is a setting.
 */
export const DEFAULT_MATCH_THRESHOLD = 0.3;

/** What image-text matching said of one image's alt text. */
export interface AltMatch {
  alt: string;
  /** Probability that the alt text describes the image (BLIP ITM). */
  itm: number;
}

/**
 * Whether matching judges an image's alt text: only alt text the other rules accept (alt state
 * `ok`); missing, empty, decorative and placeholder alt texts have their own problems already.
 */
export function hasAltToVerify(image: Pick<ImageRef, 'altState' | 'alt'>): boolean {
  return image.altState === 'ok' && !!image.alt?.trim();
}

/** A `mismatched-alt` problem when the alt text's probability of match is below the threshold. */
export function mismatchedAltProblem(match: AltMatch, threshold: number, severity: ProblemSeverity = 'warning'): Problem | undefined {
  if (!(match.itm < threshold)) return undefined;
  const [score, limit] = scoreAndThreshold(match.itm, threshold);
  return {
    rule: 'mismatched-alt',
    severity,
    message: `alt text "${match.alt}" may not describe the image: image-text matching gives it ${score}, below the threshold ${limit}`,
  };
}

/** A threshold as given by a person (flag, setting, configuration): a probability from 0 to 1. */
export function isMatchThreshold(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** The score with two decimals, or as many more as it takes to tell it from the threshold; the threshold as short as it goes. */
export function scoreAndThreshold(score: number, threshold: number): [string, string] {
  for (let digits = 2; digits < 6; digits++) {
    if (score.toFixed(digits) !== threshold.toFixed(digits)) return [score.toFixed(digits), trimmed(threshold, digits)];
  }
  return [score.toFixed(6), trimmed(threshold, 6)];
}

function trimmed(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}
