import * as vscode from 'vscode';
import { Command } from './commandIds';

/** Where the model stands, as the status bar tells it. */
export type ModelState =
  | { kind: 'unknown' }
  | { kind: 'not-installed' }
  | { kind: 'installed' }
  | { kind: 'downloading'; percent?: number }
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'failed'; message: string };

const SUPPORTED_LANGUAGES = new Set(['markdown', 'mdx', 'html']);

/**
 * One status bar item: the model's state and how many captions are running. It shows while a
 * Markdown, MDX or HTML editor is active, or while something is going on.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('localAltText.status', vscode.StatusBarAlignment.Right, 100);
  private readonly listener: vscode.Disposable;
  private model: ModelState = { kind: 'unknown' };
  private running = 0;
  private restricted = false;

  constructor() {
    this.item.name = 'Local Alt Text';
    this.listener = vscode.window.onDidChangeActiveTextEditor(() => this.render());
    this.render();
  }

  setModel(state: ModelState): void {
    this.model = state;
    this.render();
  }

  /** Restricted Mode (an untrusted workspace): said in the status bar until trust is granted. */
  setRestricted(restricted: boolean): void {
    this.restricted = restricted;
    this.render();
  }

  get modelState(): ModelState {
    return this.model;
  }

  /** Counts a caption in progress until the returned function is called. */
  beginCaption(): () => void {
    this.running++;
    this.render();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running--;
      this.render();
    };
  }

  private render(): void {
    const { text, tooltip, command } = this.describe();
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    const busy = this.running > 0 || this.model.kind === 'loading' || this.model.kind === 'downloading';
    const language = vscode.window.activeTextEditor?.document.languageId;
    const fileName = vscode.window.activeTextEditor?.document.fileName ?? '';
    if (busy || (language && SUPPORTED_LANGUAGES.has(language)) || /\.mdx$/i.test(fileName)) this.item.show();
    else this.item.hide();
  }

  private describe(): { text: string; tooltip: string; command: string } {
    if (this.running > 0) {
      return {
        text: `$(loading~spin) Alt text: captioning ${this.running}`,
        tooltip: `Local Alt Text: captioning ${this.running} image${this.running === 1 ? '' : 's'}`,
        command: Command.showLog,
      };
    }
    if (this.restricted && this.model.kind !== 'ready' && this.model.kind !== 'loading') {
      return {
        text: '$(shield) Alt text: Restricted Mode',
        tooltip:
          'Local Alt Text in Restricted Mode: alt text diagnostics and fixes work, and a model already installed captions; the model is not downloaded, remote images are not fetched, and no model folder inside this workspace is used. Click to manage workspace trust.',
        command: 'workbench.trust.manage',
      };
    }
    switch (this.model.kind) {
      case 'not-installed':
        return {
          text: '$(cloud-download) Alt text: no model',
          tooltip: 'Local Alt Text: the captioning model is not installed. Click to download it or choose a local folder.',
          command: Command.downloadModel,
        };
      case 'downloading':
        return {
          text: `$(sync~spin) Alt text: downloading${this.model.percent === undefined ? '' : ` ${this.model.percent}%`}`,
          tooltip: 'Local Alt Text: downloading the captioning model',
          command: Command.showLog,
        };
      case 'loading':
        return {
          text: '$(loading~spin) Alt text: loading model',
          tooltip: 'Local Alt Text: loading the captioning model',
          command: Command.showLog,
        };
      case 'ready':
        return {
          text: '$(check) Alt text: ready',
          tooltip: 'Local Alt Text: the captioning model is loaded',
          command: Command.showModelInfo,
        };
      case 'installed':
        return {
          text: '$(file-media) Alt text',
          tooltip: 'Local Alt Text: the captioning model is installed and loads on first use',
          command: Command.showModelInfo,
        };
      case 'failed':
        return {
          text: '$(error) Alt text: model error',
          tooltip: `Local Alt Text: ${this.model.message}`,
          command: Command.showLog,
        };
      default:
        return {
          text: '$(file-media) Alt text',
          tooltip: 'Local Alt Text: the captioning model loads on first use',
          command: Command.showModelInfo,
        };
    }
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
