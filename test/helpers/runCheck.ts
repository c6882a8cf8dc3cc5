import { main } from '../../src/cli';

/**
 * Runs `local-alt-text check` in-process from `cwd`, capturing what it prints. `check` waits for
 * stdout's write callback, so the capture calls it.
 */
export async function runCheck(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const previous = process.cwd();
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) =>
    ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      into.push(String(chunk));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  process.chdir(cwd);
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const code = await main(['check', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.chdir(previous);
  }
}
