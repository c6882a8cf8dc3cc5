import * as vscode from 'vscode';
import path from 'node:path';
import type { ModelSource } from '../inference/store';
import { isCancellation, withSignal } from './cancellation';
import type { Log } from './log';
import { askForModel } from './modelConsent';
import { pickModelFolder, rememberModelFolder } from './modelFolderPicker';
import { downloadWithProgress, prepareWithProgress } from './modelProgress';
import { checkTrustedFolder, configuredSource, ModelUnavailableError, type ReadyModel } from './modelSource';
import { CAPTIONING_MODEL, type ModelRole } from './modelRoles';
import { ModelStoreHandle } from './modelStoreHandle';
import { errorMessage } from './reportError';
import type { StatusBar } from './statusBar';
import { RESTRICTED_DOWNLOAD, isRestricted } from './workspaceTrust';

export { ModelUnavailableError, type ReadyModel } from './modelSource';

/**
 * Gets the captioning model: from the configured local folder or the cache, or, with the writer's
 * consent (modelConsent.ts), by downloading it from the hub. Nothing is ever downloaded without
 * that consent. Concurrent callers share one lookup and one prompt; the status bar follows.
 */
export class ModelAccess implements vscode.Disposable {
  private readonly store: ModelStoreHandle;
  private ensuring: { promise: Promise<ReadyModel>; interactive: boolean } | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the model settings change or the cache is cleared: a loaded model is out of date. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    storageDir: string,
    private readonly log: Log,
    private readonly status: Pick<StatusBar, 'setModel' | 'modelState'>,
    /** Which model this is (captioning by default, or image-text matching): its settings and words. */
    readonly role: ModelRole = CAPTIONING_MODEL,
  ) {
    this.store = new ModelStoreHandle(path.join(storageDir, 'models'));
  }

  get cacheDir(): string {
    return this.store.cacheDir;
  }

  /** Call when model settings change. */
  reset(): void {
    this.ensuring = undefined;
    this.status.setModel({ kind: 'unknown' });
    this.changeEmitter.fire();
  }

  source(): ModelSource {
    return configuredSource(this.role);
  }

  /**
   * A ready model. `interactive` allows asking the writer to download one or choose a folder;
   * without it a missing model is a ModelUnavailableError (hovers never prompt).
   */
  async ensure(interactive: boolean, token?: vscode.CancellationToken): Promise<ReadyModel> {
    // Concurrent callers (a batch, a hover) share one lookup and one prompt. A caller that may
    // prompt, arriving while a lookup that may not is under way, prompts if that one finds nothing.
    const current = this.ensuring;
    if (current && (current.interactive || !interactive)) return current.promise;
    const attempt = current ? current.promise.catch(() => this.locate(true, token)) : this.locate(interactive, token);
    const entry = { promise: attempt, interactive };
    this.ensuring = entry;
    attempt.catch(() => {
      if (this.ensuring === entry) this.ensuring = undefined;
    });
    return attempt;
  }

  /** Looks for a ready model without converting or downloading anything; for the status bar. */
  async probe(): Promise<void> {
    const source = this.source();
    try {
      if (source.localFolder) {
        const stat = await vscode.workspace.fs.stat(vscode.Uri.file(source.localFolder)).then(undefined, () => undefined);
        if (this.status.modelState.kind === 'unknown')
          this.status.setModel(
            stat ? { kind: 'installed' } : { kind: 'failed', message: `the model folder ${source.localFolder} does not exist` },
          );
        return;
      }
      const store = await this.store.get();
      const models = await store.info();
      const installed = models.some((m) => m.repo === source.repo && m.checkpoint?.complete);
      if (this.status.modelState.kind === 'unknown') this.status.setModel({ kind: installed ? 'installed' : 'not-installed' });
    } catch (err) {
      this.log.error('Could not look for the model', err);
    }
  }

  private async locate(interactive: boolean, token?: vscode.CancellationToken): Promise<ReadyModel> {
    const source = this.source();
    checkTrustedFolder(source);
    const store = await this.store.get();
    this.status.setModel({ kind: 'loading' });
    let packDir: string | undefined;
    try {
      packDir = await withSignal(token, (signal) => store.findReady(source, signal));
    } catch (err) {
      this.status.setModel({ kind: 'failed', message: errorMessage(err) });
      throw new ModelUnavailableError(errorMessage(err));
    }
    if (packDir) {
      this.log.info(`Model ready: ${packDir}`);
      this.status.setModel({ kind: 'installed' });
      return { packDir, source };
    }
    this.status.setModel({ kind: 'not-installed' });
    if (!interactive) throw new ModelUnavailableError(`The ${this.role.noun} is not installed. ${this.role.howToGet}.`);
    const choice = await askForModel(source, this.store, this.log, token, this.role);
    if (choice === 'download') return this.download(source);
    if (choice === 'choose-folder') {
      const model = await this.chooseLocalFolder();
      if (model) return model;
    }
    throw new ModelUnavailableError(`No ${this.role.noun} was chosen.`, true);
  }

  /** Downloads (or resumes) the model with a cancellable progress notification. */
  async download(source: ModelSource = this.source()): Promise<ReadyModel> {
    checkTrustedFolder(source);
    if (source.localFolder) {
      const packDir = await this.prepareLocal(source);
      return { packDir, source };
    }
    if (isRestricted()) throw new ModelUnavailableError(RESTRICTED_DOWNLOAD);
    const store = await this.store.get();
    const { formatBytes } = await this.store.module();
    this.status.setModel({ kind: 'downloading' });
    const started = Date.now();
    try {
      const packDir = await downloadWithProgress(store, source, formatBytes, this.status);
      this.log.info(
        `Downloaded ${source.repo}@${source.revision ?? 'main'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${packDir}`,
      );
      this.status.setModel({ kind: 'installed' });
      this.ensuring = { promise: Promise.resolve({ packDir, source }), interactive: true };
      return { packDir, source };
    } catch (err) {
      const cancelled = isCancellation(err);
      this.status.setModel(cancelled ? { kind: 'not-installed' } : { kind: 'failed', message: errorMessage(err) });
      if (cancelled) throw new ModelUnavailableError('The model download was cancelled; it resumes where it stopped next time.', true);
      this.log.error(`Downloading ${source.repo} failed`, err);
      throw new ModelUnavailableError(`Downloading the model failed: ${errorMessage(err)}`);
    }
  }

  /** Lets the writer pick a folder with a checkpoint or pack, checks it, and saves it in the settings. */
  async chooseLocalFolder(): Promise<ReadyModel | undefined> {
    const folder = await pickModelFolder(this.role);
    if (!folder) return undefined;
    const source: ModelSource = { localFolder: folder, precision: this.role.source().precision };
    checkTrustedFolder(source);
    const packDir = await this.prepareLocal(source);
    await rememberModelFolder(folder, this.role);
    this.log.info(`Using the model folder ${folder}`);
    this.ensuring = { promise: Promise.resolve({ packDir, source }), interactive: true };
    return { packDir, source };
  }

  /** Converts a local checkpoint once (with progress), or checks a pack. */
  private async prepareLocal(source: ModelSource): Promise<string> {
    const store = await this.store.get();
    this.status.setModel({ kind: 'loading' });
    try {
      const packDir = await prepareWithProgress(store, source);
      this.status.setModel({ kind: 'installed' });
      return packDir;
    } catch (err) {
      this.status.setModel({ kind: 'failed', message: errorMessage(err) });
      throw new ModelUnavailableError(errorMessage(err));
    }
  }

  /** A summary of the configured model and the cache, for "Show Model Info". */
  async describe(): Promise<string[]> {
    const store = await this.store.get();
    const { formatBytes } = await this.store.module();
    const source = this.source();
    const lines = [
      source.localFolder
        ? `Model: local folder ${source.localFolder}`
        : `Model: ${source.repo} at ${source.revision} (from ${store.endpoint})`,
    ];
    lines.push(`Precision: ${source.precision}`, `Cache: ${store.cacheDir}`);
    const models = await store.info();
    if (models.length === 0) lines.push('The cache is empty.');
    for (const model of models) {
      const name = model.repo ? `${model.repo}@${model.commit?.slice(0, 12)}` : `local ${model.folder ?? '(unknown folder)'}`;
      const packs = model.packs.map((p) => `${p.precision}${p.usable ? '' : ` (unusable: ${p.problem ?? 'damaged'})`}`).join(', ');
      const checkpoint = model.checkpoint ? (model.checkpoint.complete ? 'checkpoint downloaded' : 'download incomplete') : undefined;
      lines.push(`- ${name}: ${[checkpoint, packs && `packs ${packs}`].filter(Boolean).join('; ')}; ${formatBytes(model.bytes)}`);
    }
    return lines;
  }

  /** Deletes downloads and packs; the caller stops the worker first. */
  async clear(): Promise<void> {
    const store = await this.store.get();
    await store.clear();
    this.reset();
  }

  dispose(): void {
    this.store.dispose();
    this.changeEmitter.dispose();
  }
}
