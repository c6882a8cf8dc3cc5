import * as vscode from 'vscode';
import { isCancellation } from './cancellation';
import type { Log } from './log';

/** The message of anything thrown, for the writer and the log. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Tells the writer what went wrong, once, with a way to the log; a declined prompt or a cancel is silent. */
export async function reportError(log: Log, what: string, err: unknown): Promise<void> {
  if (isCancellation(err) || isDeclined(err)) return;
  log.error(what, err);
  const choice = await vscode.window.showErrorMessage(`${what}: ${errorMessage(err)}`, 'Show Log');
  if (choice === 'Show Log') log.show();
}

/** A prompt the writer answered with "no" (a ModelUnavailableError with `declined`): nothing went wrong. */
function isDeclined(err: unknown): boolean {
  return err instanceof Error && err.name === 'ModelUnavailableError' && (err as { declined?: unknown }).declined === true;
}
