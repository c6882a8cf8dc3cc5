import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface CliProcessRun {
  /** The exit code; null when the process was ended by a signal. */
  code: number | null;
  /** The signal that ended it (a native abort is SIGABRT), or null. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The hang guard ran out and the process was killed. */
  hung: boolean;
}

export interface CliProcessOptions {
  cwd: string;
  /** Hang guard: far above any normal run, never a timing. Default 240 s. */
  hangGuardMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (stdin is never a terminal here). */
  input?: string;
}

const CLI = path.join(__dirname, '../../../src/cli.ts');
// Resolved here, not from the run's folder, which is a temporary one without node_modules.
const TSX = pathToFileURL(require.resolve('tsx')).href;

/**
 * Runs the CLI from the sources in a process of its own, as CI runs it: a crash, a native abort or
 * a hang shows as what it is (an exit code, a signal, the hang guard) instead of taking the test
 * runner down with it.
 */
export function runCliProcess(args: string[], options: CliProcessOptions): Promise<CliProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const guard = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.hangGuardMs ?? 240_000);
    child.on('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, hung });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A one-line account of a run, for assertion messages. */
export function describeRun(run: CliProcessRun): string {
  return `exit ${run.code} signal ${run.signal}${run.hung ? ' (killed by the hang guard)' : ''}\n--- stdout\n${run.stdout.slice(-4000)}\n--- stderr\n${run.stderr.slice(-4000)}`;
}

/** The documented outcomes only: exit 0, 1 or 2, never a signal, never the hang guard. */
export function assertCleanExit(run: CliProcessRun, expected: readonly number[] = [0, 1, 2]): void {
  if (run.hung || run.signal !== null || run.code === null || !expected.includes(run.code)) {
    throw new Error(`expected exit ${expected.join(' or ')}, got ${describeRun(run)}`);
  }
}
