/** What a fetch is doing, for a progress notification or a CLI status line. */
export interface Progress {
  /**
   * 'waiting': another window or process is fetching this model; this one reuses its result.
   * 'downloading', 'verifying' (hashing a finished file), 'converting' (building the ONNX pack).
   */
  phase: 'waiting' | 'downloading' | 'verifying' | 'converting';
  /** The file being downloaded or verified. */
  file?: string;
  /** Bytes on disk so far, over all files, including what an earlier run left to resume from. */
  bytes: number;
  totalBytes: number;
  /** Download speed over the last few seconds; 0 before enough is known. */
  bytesPerSecond: number;
  /** Estimated time left for the download, once a speed is known. */
  secondsLeft?: number;
}

const WINDOW_MS = 5000;

/**
 * Turns byte counts into Progress reports: speed over a sliding window (so a stall shows as a
 * falling speed, not as a lifetime average), and at most one report per `intervalMs` so a fast
 * download does not flood a notification.
 */
export class ProgressMeter {
  private bytes = 0;
  private fresh = 0;
  private readonly samples: { at: number; fresh: number }[] = [];
  private lastEmit = -Infinity;
  private phase: Progress['phase'] = 'downloading';
  private file: string | undefined;

  constructor(
    private readonly totalBytes: number,
    private readonly emit: ((p: Progress) => void) | undefined,
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  /** `delta` bytes arrived (`fresh`) or were found on disk / discarded (not fresh). */
  add(file: string, delta: number, fresh: boolean): void {
    // A new file is shown at once, whatever the rate limit.
    const changed = file !== this.file || this.phase !== 'downloading';
    this.file = file;
    this.phase = 'downloading';
    this.bytes += delta;
    if (fresh) this.fresh += delta;
    const at = this.now();
    this.samples.push({ at, fresh: this.fresh });
    while (this.samples.length > 2 && at - this.samples[0].at > WINDOW_MS) this.samples.shift();
    if (changed || at - this.lastEmit >= this.intervalMs) this.report(at);
  }

  /** A change of phase is always reported at once. */
  enter(phase: Progress['phase'], file?: string): void {
    this.phase = phase;
    this.file = file;
    this.report(this.now());
  }

  /** A file is downloaded and verified: reported at once, so the last report of a download shows it whole. */
  fileDone(file: string): void {
    this.phase = 'downloading';
    this.file = file;
    this.report(this.now());
  }

  snapshot(at = this.now()): Progress {
    const first = this.samples[0];
    const elapsed = first ? (at - first.at) / 1000 : 0;
    const bytesPerSecond = elapsed >= 0.5 ? Math.max(0, (this.fresh - first.fresh) / elapsed) : 0;
    const left = Math.max(0, this.totalBytes - this.bytes);
    return {
      phase: this.phase,
      file: this.file,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      bytesPerSecond,
      secondsLeft: bytesPerSecond > 0 ? left / bytesPerSecond : left === 0 ? 0 : undefined,
    };
  }

  private report(at: number): void {
    this.lastEmit = at;
    this.emit?.(this.snapshot(at));
  }
}
