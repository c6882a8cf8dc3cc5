/** How decisive a model's next-token choice is, from one row of logits. */

/** (best - second best) / standard deviation of the row: how far the choice is from a tie. */
export function topTwoGap(row: Float32Array): number {
  let first = -Infinity;
  let second = -Infinity;
  let sum = 0;
  let squares = 0;
  for (const v of row) {
    sum += v;
    squares += v * v;
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  const mean = sum / row.length;
  return (first - second) / Math.sqrt(Math.max(squares / row.length - mean * mean, Number.MIN_VALUE));
}

export function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** The 10% and 50% quantiles of a sample. */
export function lowQuantiles(samples: readonly number[]): { q10: number; q50: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { q10: sorted[Math.floor(sorted.length / 10)], q50: sorted[Math.floor(sorted.length / 2)] };
}
