import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A failure the user can act on: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes shared by every subcommand. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  error: 2,
} as const;

/** Runs `work`, turning the walk's complaint about a path (WalkError) into a usage error. */
export function withUsageErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof Error && err.name === 'WalkError') throw new UsageError(err.message);
    throw err;
  }
}

/** parseArgs, with its complaint about the command line turned into a usage error that shows `usage`. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
}
