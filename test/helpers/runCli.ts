import { main } from '../../src/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process (from `cwd` when given), capturing what it writes to stdout and stderr. */
export async function runCli(args: string[], cwd?: string): Promise<CliRun> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  const previousCwd = process.cwd();
  let stdout = '';
  let stderr = '';
  // Like a stream, call back once written: the CLI waits for that before it returns.
  const capture = (add: (s: string) => void) =>
    ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      add(String(chunk));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
  if (cwd !== undefined) process.chdir(cwd);
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.chdir(previousCwd);
  }
}

/** `local-alt-text check ARGS` run in this process from `cwd`. */
export function runCheck(args: string[], cwd: string): Promise<CliRun> {
  return runCli(['check', ...args], cwd);
}
