import * as vscode from 'vscode';
import path from 'node:path';
import type { DownloadPlan, ModelSource, ModelStore } from '../inference/store';
import { describeDownload, percentDone } from './downloadProgress';
import { CAPTIONING_MODEL, type ModelRole } from './modelRoles';
import { offThreadConverter } from './offThreadConverter';
import type { Log } from './log';
import { SECTION } from './settingsSource';
import type { StatusBar } from './statusBar';
import { RESTRICTED_DOWNLOAD, isInsideWorkspace, isRestricted } from './workspaceTrust';

type StoreModule = typeof import('../inference/store');

/** Thrown when no model is available and the writer did not (or could not be asked to) get one. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
  constructor(
    message: string,
    /** True when the writer chose not to get the model: nothing to report as an error. */
    readonly declined = false,
  ) {
    super(message);
  }
}

/** A model ready to load: its pack folder, which also identifies it (a new checkpoint gets a new folder). */
export interface ReadyModel {
  packDir: string;
  source: ModelSource;
}

/**
 * Gets the captioning model: from the configured local folder or the cache, or, with the writer's
 * consent, by downloading it from the hub. Nothing is ever downloaded without that consent.
 */
export class ModelAccess implements vscode.Disposable {
  private storeModule: Promise<StoreModule> | undefined;
  private converterVersion: Promise<string> | undefined;
  private store: { key: string; instance: ModelStore } | undefined;
  private ensuring: { promise: Promise<ReadyModel>; interactive: boolean } | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the model settings change or the cache is cleared: a loaded model is out of date. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly storageDir: string,
    private readonly log: Log,
    private readonly status: Pick<StatusBar, 'setModel' | 'modelState'>,
    /** Which model this is (captioning by default, or image-text matching): its settings and words. */
    readonly role: ModelRole = CAPTIONING_MODEL,
  ) {}

  get cacheDir(): string {
    return path.join(this.storageDir, 'models');
  }

  /** Call when model settings change. */
  reset(): void {
    this.ensuring = undefined;
    this.status.setModel({ kind: 'unknown' });
    this.changeEmitter.fire();
  }

  source(): ModelSource {
    const source = this.role.source();
    return source.localFolder ? { ...source, localFolder: resolveUserPath(source.localFolder) } : source;
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
      const store = await this.getStore();
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
    const store = await this.getStore();
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
    if (!interactive)
      throw new ModelUnavailableError(
        `The ${this.role.noun} is not installed. Run "${this.role.downloadCommand}"${this.role === CAPTIONING_MODEL ? ' or "Use Local Model Folder..."' : `, or set localAltText.${this.role.localFolderSetting}`}.`,
      );
    return this.askForModel(source, token);
  }

  /** The consent prompt: download (with size and host shown), choose a local folder, or cancel. */
  private async askForModel(source: ModelSource, token?: vscode.CancellationToken): Promise<ReadyModel> {
    if (isRestricted()) {
      // Not even the plan: asking the hub is already network traffic the workspace caused.
      const chooseFolder = 'Choose Local Folder…';
      const choice = await vscode.window.showWarningMessage(
        `The ${this.role.noun} is not installed.`,
        { modal: true, detail: RESTRICTED_DOWNLOAD },
        chooseFolder,
      );
      const model = choice === chooseFolder ? await this.chooseLocalFolder() : undefined;
      if (model) return model;
      throw new ModelUnavailableError(`No ${this.role.noun} was chosen.`, true);
    }
    let plan: DownloadPlan | undefined;
    let planError: unknown;
    try {
      plan = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Local Alt Text: checking the model download…', cancellable: true },
        (_p, progressToken) => withSignal(progressToken, async (signal) => (await this.getStore()).plan(source, signal)),
      );
    } catch (err) {
      planError = err;
      this.log.error(`Could not reach the model host for ${source.repo}`, err);
    }
    if (token?.isCancellationRequested) throw new ModelUnavailableError('Cancelled', true);
    const { formatBytes } = await this.loadStoreModule();
    const download = 'Download';
    const chooseFolder = 'Choose Local Folder…';
    let choice: string | undefined;
    if (plan) {
      const size = formatBytes(plan.remainingBytes < plan.totalBytes ? plan.remainingBytes : plan.totalBytes);
      const files = plan.files.map((f) => `${f.name} (${formatBytes(f.bytes)})`).join(', ');
      choice = await vscode.window.showInformationMessage(
        `Download the ${this.role.noun} (${size} from ${plan.host})?`,
        {
          modal: true,
          detail:
            `Local Alt Text ${this.role.use} on this machine with ${plan.repo} (${plan.revision}, commit ${plan.commit.slice(0, 12)}). ` +
            `It is downloaded once from ${plan.host}${plan.remainingBytes < plan.totalBytes ? `; ${formatBytes(plan.totalBytes - plan.remainingBytes)} are already here` : ''}. ` +
            `Nothing else leaves this machine.\n\nFiles: ${files}.\n\nOr choose a folder that already holds the model.`,
        },
        download,
        chooseFolder,
      );
    } else {
      choice = await vscode.window.showWarningMessage(
        `The ${this.role.noun} is not installed, and its host could not be reached.`,
        {
          modal: true,
          detail: `${errorMessage(planError)}\n\nChoose a folder that holds ${this.role.folderContents} instead.`,
        },
        chooseFolder,
      );
    }
    if (choice === download) return this.download(source);
    if (choice === chooseFolder) {
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
    const store = await this.getStore();
    const { formatBytes } = await this.loadStoreModule();
    this.status.setModel({ kind: 'downloading' });
    const started = Date.now();
    try {
      const packDir = await vscode.window.withProgress(
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
                this.status.setModel({ kind: 'downloading', percent });
              },
            }),
          );
        },
      );
      this.log.info(
        `Downloaded ${source.repo}@${source.revision ?? 'main'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${packDir}`,
      );
      this.status.setModel({ kind: 'installed' });
      this.ensuring = { promise: Promise.resolve({ packDir, source }), interactive: true };
      return { packDir, source };
    } catch (err) {
      const cancelled = (err as { code?: string }).code === 'cancelled' || (err as Error).name === 'AbortError';
      this.status.setModel(cancelled ? { kind: 'not-installed' } : { kind: 'failed', message: errorMessage(err) });
      if (cancelled) throw new ModelUnavailableError('The model download was cancelled; it resumes where it stopped next time.', true);
      this.log.error(`Downloading ${source.repo} failed`, err);
      throw new ModelUnavailableError(`Downloading the model failed: ${errorMessage(err)}`);
    }
  }

  /** Lets the writer pick a folder with a checkpoint or pack, checks it, and saves it in the settings. */
  async chooseLocalFolder(): Promise<ReadyModel | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Use This Model Folder',
      title: `Choose a folder with ${this.role.folderContents}`,
    });
    const folder = picked?.[0];
    if (!folder) return undefined;
    const source: ModelSource = { localFolder: folder.fsPath, precision: this.role.source().precision };
    checkTrustedFolder(source);
    const packDir = await this.prepareLocal(source);
    await vscode.workspace.getConfiguration(SECTION).update(this.role.localFolderSetting, folder.fsPath, vscode.ConfigurationTarget.Global);
    this.log.info(`Using the model folder ${folder.fsPath}`);
    this.ensuring = { promise: Promise.resolve({ packDir, source }), interactive: true };
    return { packDir, source };
  }

  /** Converts a local checkpoint once (with progress), or checks a pack. */
  private async prepareLocal(source: ModelSource): Promise<string> {
    const store = await this.getStore();
    this.status.setModel({ kind: 'loading' });
    try {
      const packDir = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Local Alt Text: preparing the model…', cancellable: true },
        (_p, token) => withSignal(token, async (signal) => (await store.findReady(source, signal)) as string),
      );
      this.status.setModel({ kind: 'installed' });
      return packDir;
    } catch (err) {
      this.status.setModel({ kind: 'failed', message: errorMessage(err) });
      throw new ModelUnavailableError(errorMessage(err));
    }
  }

  /** A summary of the configured model and the cache, for "Show Model Info". */
  async describe(): Promise<string[]> {
    const store = await this.getStore();
    const { formatBytes } = await this.loadStoreModule();
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
    const store = await this.getStore();
    await store.clear();
    this.reset();
  }

  private loadStoreModule(): Promise<StoreModule> {
    this.storeModule ??= import('../inference/store');
    return this.storeModule;
  }

  private async getStore(): Promise<ModelStore> {
    const { ModelStore } = await this.loadStoreModule();
    // The converter's version comes with the captioner, which is loaded here for the first time.
    this.converterVersion ??= import('../inference').then((m) => m.CONVERTER_VERSION);
    const converter = offThreadConverter(await this.converterVersion);
    // VS Code's proxy setting wins over the environment, as it does for VS Code itself.
    const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined;
    const key = `${proxy ?? ''}`;
    if (!this.store || this.store.key !== key) {
      this.store?.instance.close();
      this.store = {
        key,
        instance: new ModelStore({ cacheDir: this.cacheDir, proxy, converter, userAgent: `local-alt-text-vscode/${vscode.version}` }),
      };
    }
    return this.store.instance;
  }

  dispose(): void {
    this.store?.instance.close();
    this.changeEmitter.dispose();
  }
}

/**
 * In Restricted Mode a model folder inside the workspace is the workspace's choice of model (its
 * files, its weights): refused, even when the user settings name it through `${workspaceFolder}`.
 */
function checkTrustedFolder(source: ModelSource): void {
  if (source.localFolder && isRestricted() && isInsideWorkspace(source.localFolder)) {
    throw new ModelUnavailableError(
      `The model folder ${source.localFolder} is inside this workspace, and a model from the workspace is not used in Restricted Mode; trust the workspace, or choose a folder outside it.`,
    );
  }
}

/** `~` and `${workspaceFolder}` are what writers type into settings. */
function resolveUserPath(folder: string): string {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let resolved = folder.replace(/^~(?=$|[\\/])/, process.env.HOME ?? process.env.USERPROFILE ?? '~');
  if (workspace) resolved = resolved.replace(/\$\{workspaceFolder\}/g, workspace);
  return path.isAbsolute(resolved) || !workspace ? resolved : path.join(workspace, resolved);
}

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

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
