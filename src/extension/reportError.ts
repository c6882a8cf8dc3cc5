import * as vscode from 'vscode';
import type { Log } from './log';
import { ModelUnavailableError } from './modelAccess';

/** Tells the writer what went wrong, once, with a way to the log; a declined prompt or a cancel is silent. */
export async function reportError(log: Log, what: string, err: unknown): Promise<void> {
  if (err instanceof vscode.CancellationError || (err as Error)?.name === 'AbortError') return;
  if (err instanceof ModelUnavailableError && err.declined) return;
  const message = err instanceof Error ? err.message : String(err);
  log.error(what, err);
  const choice = await vscode.window.showErrorMessage(`${what}: ${message}`, 'Show Log');
  if (choice === 'Show Log') log.show();
}
