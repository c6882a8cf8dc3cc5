/**
 * Benchmark stages that run in a process of their own, so that their peak memory is theirs alone and
 * nothing loaded by an earlier stage shares their heap: the parent forks this file's caller with a
 * JSON task and receives one JSON result.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Runs `file` (a module calling `serveTask`) in a child process and resolves with its result. */
export function runInChild<T>(file: string, task: unknown, execArgv: string[] = process.execArgv): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = fork(file, [JSON.stringify(task)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: { ok: true; value: T } | { ok: false; error: string } | undefined;
    child.on('message', (message: typeof result) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result?.ok) resolve(result.value);
      else reject(new Error(result ? result.error : `${file} exited with code ${code} and no result`));
    });
  });
}

/** The child's side: runs `work` on the task given by the parent and sends back what it returns. */
export function serveTask<Task, Result>(work: (task: Task) => Promise<Result>): void {
  const task = JSON.parse(process.argv[2]) as Task;
  work(task).then(
    (value) => process.send!({ ok: true, value }, () => process.exit(0)),
    (err: unknown) =>
      process.send!({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
  );
}

/**
 * Peak resident memory of this process so far, in MB (1e6 bytes). On Linux from the memory map's own
 * high-water mark (VmHWM): getrusage's maxRSS is carried over from the parent across fork and exec,
 * so a child started by a large parent would report the parent's size.
 */
export function peakRssMB(): number {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    if (line) return (Number(line.split(/\s+/)[1]) * 1024) / 1e6;
  } catch {
    // Not Linux.
  }
  return (process.resourceUsage().maxRSS * 1024) / 1e6;
}
