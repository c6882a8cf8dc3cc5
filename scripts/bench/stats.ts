/** Small statistics for benchmark samples. */

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function sum(samples: readonly number[]): number {
  return samples.reduce((a, b) => a + b, 0);
}

/** Runs `fn` `warmup` times untimed, then `reps` times, and returns the milliseconds of each timed run. */
export async function timeRuns(fn: () => Promise<unknown>, reps: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** The milliseconds one synchronous call of `fn` takes. */
export function timed(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}
