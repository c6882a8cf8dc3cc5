import type { Problem, ProblemSeverity } from '../rules';
import type { CheckedImage } from './checkDocuments';

/** How many problems of each severity a check found. */
export interface ProblemCounts {
  error: number;
  warning: number;
  info: number;
}

export function countProblems(images: readonly CheckedImage[]): ProblemCounts {
  const counts: ProblemCounts = { error: 0, warning: 0, info: 0 };
  for (const image of images) for (const problem of image.problems) counts[problem.severity]++;
  return counts;
}

/** Every problem with its image, in document order. */
export function problemsOf(images: readonly CheckedImage[]): Array<{ image: CheckedImage; problem: Problem }> {
  return images.flatMap((image) => image.problems.map((problem) => ({ image, problem })));
}

/** A linter line's severity word, padded so that messages line up. */
export function severityLabel(severity: ProblemSeverity): string {
  return severity.padEnd(7);
}
