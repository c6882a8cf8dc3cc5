import * as vscode from 'vscode';
import { errorMessage } from './reportError';

/**
 * The "Local Alt Text" output channel: what was scanned, captioned, downloaded and applied, with
 * timings, so a writer (or a bug report) can see what happened without a debugger.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Local Alt Text');

  info(message: string): void {
    this.channel.appendLine(`${timestamp()} ${message}`);
  }

  error(message: string, err?: unknown): void {
    const detail = err === undefined ? '' : `: ${errorMessage(err)}`;
    this.channel.appendLine(`${timestamp()} ERROR ${message}${detail}`);
    if (err instanceof Error && err.stack) this.channel.appendLine(err.stack);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function timestamp(): string {
  return new Date().toISOString().slice(11, 23);
}
