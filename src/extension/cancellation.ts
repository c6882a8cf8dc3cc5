import * as vscode from 'vscode';

/** Runs `work` with an AbortSignal that follows a VS Code cancellation token. */
export async function withSignal<T>(token: vscode.CancellationToken | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const listener = token?.onCancellationRequested(() => controller.abort());
  if (token?.isCancellationRequested) controller.abort();
  try {
    return await work(controller.signal);
  } finally {
    listener?.dispose();
  }
}

/** Resolves with `work`, or rejects as cancelled as soon as the token fires. */
export function raceCancellation<T>(work: Promise<T>, token?: vscode.CancellationToken): Promise<T> {
  if (!token) return work;
  return withSignal(
    token,
    (signal) =>
      new Promise<T>((resolve, reject) => {
        if (signal.aborted) return reject(new vscode.CancellationError());
        signal.addEventListener('abort', () => reject(new vscode.CancellationError()), { once: true });
        work.then(resolve, reject);
      }),
  );
}

/**
 * Whether `err` says the work was cancelled rather than failed: VS Code's CancellationError, an
 * aborted fetch or stream (AbortError), or the model store's `cancelled` code.
 */
export function isCancellation(err: unknown): boolean {
  if (err instanceof vscode.CancellationError) return true;
  const { name, code } = (err ?? {}) as { name?: unknown; code?: unknown };
  return name === 'AbortError' || code === 'cancelled';
}
