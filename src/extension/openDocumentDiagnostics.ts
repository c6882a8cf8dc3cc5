import * as vscode from 'vscode';
import { kindOfDocument } from './documentScans';

/**
 * A diagnostic collection kept in step with the open Markdown, MDX and HTML documents: each is
 * updated at once when it opens, `typingDelayMs` after the writer stops typing, and on
 * refreshAll(); a closed document's diagnostics go with it. What an update computes is the subclass's.
 */
export abstract class OpenDocumentDiagnostics implements vscode.Disposable {
  protected readonly collection: vscode.DiagnosticCollection;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    name: string,
    private readonly typingDelayMs: number,
  ) {
    this.collection = vscode.languages.createDiagnosticCollection(name);
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.schedule(e.document, this.typingDelayMs)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    ];
  }

  /** Sets the document's diagnostics as it is now; called once the writer has paused. */
  protected abstract update(document: vscode.TextDocument): Promise<void>;

  /** Subscriptions of the owner's that end with these diagnostics. */
  protected disposeWith(...subscriptions: vscode.Disposable[]): void {
    this.subscriptions.push(...subscriptions);
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!kindOfDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, delayMs),
    );
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
