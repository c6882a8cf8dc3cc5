import { ModelStore, ModelStoreError, defaultCacheDir, formatBytes, type ModelSource, type Progress } from '../inference/store';
import type { Precision } from '../inference/types';
import { UsageError } from './errors';

// Getting a hub model into the cache from the command line, with progress on stderr: the `model`
// command's fetch and `--model hub:...` of the commands that caption share it.

/** I/O a hub download reports on and may ask through, replaceable in tests. */
export interface ModelIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export const processIo: ModelIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

/**
 * For `caption --model hub:ID[@REV]`: the pack folder for that model, downloading it first (the
 * `--yes` that caption implies) with progress on stderr.
 */
export async function packForHubSpec(
  spec: string,
  options: { cacheDir?: string; precision?: Precision },
  io: ModelIo = processIo,
): Promise<string> {
  const source = parseHubSpec(spec);
  const store = new ModelStore({ cacheDir: options.cacheDir ?? defaultCacheDir() });
  try {
    return await fetchWithProgress(store, { ...source, precision: options.precision }, io);
  } catch (err) {
    if (err instanceof ModelStoreError || err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

/** `hub:owner/name@revision` (revision optional) into a source; anything else is a usage error. */
export function parseHubSpec(spec: string): { repo: string; revision?: string } {
  const match = /^hub:([^@\s]+)(?:@(\S+))?$/.exec(spec);
  if (!match) throw new UsageError(`'${spec}' is not a hub model; write hub:OWNER/NAME or hub:OWNER/NAME@REVISION`);
  return { repo: match[1], revision: match[2] };
}

/** Downloads with a status line on stderr; Ctrl+C cancels cleanly (the lock is released, the partial file kept). */
export async function fetchWithProgress(store: ModelStore, source: ModelSource, io: ModelIo): Promise<string> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const status = new StatusLine(io.stderr);
  try {
    return await store.fetch(source, { signal: controller.signal, onProgress: (p) => status.show(p) });
  } catch (err) {
    if (err instanceof ModelStoreError && err.code === 'cancelled')
      throw new UsageError('Cancelled; running the same command again resumes the download.');
    throw err;
  } finally {
    status.end();
    process.removeListener('SIGINT', onSigint);
  }
}

/** One updating line on a terminal; on a pipe, a line per file and phase so logs stay readable. */
class StatusLine {
  private readonly logged = new Set<string>();
  private drawn = false;
  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }) {}

  show(p: Progress): void {
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[K${describeProgress(p)}`);
      this.drawn = true;
      return;
    }
    // Hashing is quick next to downloading; a log has no use for it.
    if (p.phase === 'verifying') return;
    const key = `${p.phase} ${p.file ?? ''}`;
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.out.write(describeProgress(p) + '\n');
  }

  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

function describeProgress(p: Progress): string {
  if (p.phase === 'waiting') return 'Waiting for another process that is downloading this model...';
  if (p.phase === 'converting') return 'Converting the checkpoint to ONNX...';
  if (p.phase === 'verifying') return `Verifying ${p.file}...`;
  const percent = p.totalBytes ? Math.floor((100 * p.bytes) / p.totalBytes) : 0;
  const speed = p.bytesPerSecond ? `, ${formatBytes(Math.round(p.bytesPerSecond))}/s` : '';
  const left = p.secondsLeft !== undefined && p.bytesPerSecond ? `, ${formatDuration(p.secondsLeft)} left` : '';
  return `Downloading ${p.file ?? ''}: ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)} (${percent}%${speed}${left})`;
}

function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60
    ? `${s} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min ${s % 60} s`
      : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
