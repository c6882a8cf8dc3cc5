import { promises as fs } from 'node:fs';

/** Why reading failed, for a message: the system's error code (ENOENT, EACCES ...), else the error's message. */
function readFailure(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * A UTF-8 file's text, or undefined where there is no such file: a checkpoint's optional files
 * are simply absent. Any other failure is thrown as `cannotRead` words it, given the reason.
 */
export async function readTextIfPresent(file: string, cannotRead: (reason: string) => Error): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cannotRead(readFailure(error));
  }
}
