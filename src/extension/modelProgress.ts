import * as vscode from 'vscode';
import type { ModelSource, ModelStore } from '../inference/store';
import { withSignal } from './cancellation';
import { describeDownload, percentDone } from './downloadProgress';
import type { StatusBar } from './statusBar';

/**
 * Downloads (or resumes) the model under a cancellable progress notification that shows bytes,
 * speed and time left, with the percentage in the status bar. Resolves with the pack folder.
 */
export function downloadWithProgress(
  store: ModelStore,
  source: ModelSource,
  formatBytes: (n: number) => string,
  status: Pick<StatusBar, 'setModel'>,
): Thenable<string> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Downloading ${source.repo}`, cancellable: true },
    (progress, token) => {
      let reported = 0;
      return withSignal(token, (signal) =>
        store.fetch(source, {
          signal,
          onProgress: (p) => {
            const percent = percentDone(p);
            const increment = percent === undefined ? undefined : Math.max(0, percent - reported);
            if (percent !== undefined) reported = percent;
            progress.report({ message: describeDownload(p, formatBytes), increment });
            status.setModel({ kind: 'downloading', percent });
          },
        }),
      );
    },
  );
}

/** Converts a local checkpoint once, or checks a pack, under a cancellable progress notification. */
export function prepareWithProgress(store: ModelStore, source: ModelSource): Thenable<string> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Local Alt Text: preparing the model…', cancellable: true },
    (_p, token) => withSignal(token, async (signal) => (await store.findReady(source, signal)) as string),
  );
}
