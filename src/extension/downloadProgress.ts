import type { Progress } from '../inference/store';

/** One line for the download notification: what happens, bytes so far, speed and time left. */
export function describeDownload(p: Progress, formatBytes: (n: number) => string): string {
  switch (p.phase) {
    case 'waiting':
      return 'Waiting for another window that is downloading this model…';
    case 'verifying':
      return `Verifying ${p.file ?? 'files'}…`;
    case 'converting':
      return 'Converting the model for this machine (once)…';
    default: {
      const parts = [`${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}`];
      if (p.bytesPerSecond > 0) parts.push(`${formatBytes(p.bytesPerSecond)}/s`);
      if (p.secondsLeft !== undefined && Number.isFinite(p.secondsLeft)) parts.push(`${formatDuration(p.secondsLeft)} left`);
      return parts.join(' · ');
    }
  }
}

export function percentDone(p: Progress): number | undefined {
  return p.phase === 'downloading' && p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100)) : undefined;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
