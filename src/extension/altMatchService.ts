import * as vscode from 'vscode';
import type { MatchWorker } from '../inference/worker/matchWorker';
import { sha256Hex } from './captionCache';
import { lazy } from './lazy';
import type { Log } from './log';
import { ModelAccess, ModelUnavailableError, type ReadyModel } from './modelAccess';
import { MATCHING_MODEL } from './modelRoles';
import { errorMessage } from './reportError';
import { affectsSettings, readSettings } from './settingsSource';
import type { ModelState } from './statusBar';

/** Scores kept in memory: image bytes, alt text and model decide a score, so a hover after a diagnostic costs nothing. */
const MAX_SCORES = 2000;

/**
 * Scores existing alt text against its image with BLIP image-text matching, in a worker thread of
 * its own (never on the extension host's thread), for the `mismatched-alt` diagnostic and the
 * hover. The matching model comes through the same consent prompt, store and cache as the
 * captioning model (ModelAccess with the matching model's settings); nothing runs unless
 * `localAltText.verifyAlt.enabled` is on.
 */
export class AltMatchService implements vscode.Disposable {
  readonly models: ModelAccess;
  private engine: { packDir: string; started: Promise<MatchWorker> } | undefined;
  private readonly scores = new Map<string, Promise<number>>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the matching model may have become available or changed: diagnostics are redone. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private offered = false;

  constructor(
    storageDir: string,
    private readonly log: Log,
  ) {
    // The status bar speaks of the captioning model; the matching model's state goes to the log.
    const status: { modelState: ModelState; setModel(state: ModelState): void } = {
      modelState: { kind: 'unknown' },
      setModel(state) {
        this.modelState = state;
      },
    };
    this.models = new ModelAccess(storageDir, log, status, MATCHING_MODEL);
    this.subscriptions.push(
      this.models,
      this.models.onDidChange(() => void this.stopEngine()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e, 'verifyAlt.model') || e.affectsConfiguration('http.proxy')) this.models.reset();
        if (affectsSettings(e, 'verifyAlt')) this.changeEmitter.fire();
      }),
    );
  }

  enabled(uri?: vscode.Uri): boolean {
    return readSettings(uri).verifyAlt.enabled;
  }

  threshold(uri?: vscode.Uri): number {
    return readSettings(uri).verifyAlt.threshold;
  }

  /** The matching model when it is on this machine; never asks, never downloads. */
  async available(): Promise<ReadyModel | undefined> {
    try {
      return await this.models.ensure(false);
    } catch (err) {
      if (!(err instanceof ModelUnavailableError)) this.log.error('Could not look for the image-text matching model', err);
      return undefined;
    }
  }

  /**
   * Once per session, when checking is on and the model is missing: says so, and offers the
   * download, which goes through the consent prompt (size and host shown) like the captioner's.
   */
  offerDownload(): void {
    if (this.offered) return;
    this.offered = true;
    const get = 'Get the Model…';
    void vscode.window
      .showInformationMessage(
        'Checking alt text against images (localAltText.verifyAlt.enabled) needs the image-text matching model, which is not installed.',
        get,
      )
      .then(async (choice) => {
        if (choice !== get) return;
        await this.download(true);
      });
  }

  /** "Download Image-Text Matching Model": the consent prompt, then the download; true when the model is ready. */
  async download(ask = true): Promise<boolean> {
    try {
      await (ask ? this.models.ensure(true) : this.models.download());
      this.changeEmitter.fire();
      return true;
    } catch (err) {
      if (err instanceof ModelUnavailableError && err.declined) return false;
      this.log.error('Getting the image-text matching model failed', err);
      void vscode.window.showErrorMessage(`Local Alt Text: ${errorMessage(err)}`);
      return false;
    }
  }

  /** The probability that `alt` describes the image with these bytes, from a model already on this machine. */
  async score(bytes: Uint8Array, alt: string, model: ReadyModel): Promise<number> {
    const key = JSON.stringify([sha256Hex(bytes), model.packDir, alt]);
    let score = this.scores.get(key);
    if (!score) {
      score = this.engineFor(model)
        .then((engine) => engine.score(bytes, [alt]))
        .then(([s]) => s.itm);
      this.scores.set(key, score);
      score.catch(() => this.scores.get(key) === score && this.scores.delete(key));
      if (this.scores.size > MAX_SCORES) this.scores.delete(this.scores.keys().next().value!);
    }
    return score;
  }

  private engineFor(model: ReadyModel): Promise<MatchWorker> {
    if (this.engine?.packDir !== model.packDir) {
      void this.stopEngine();
      const started = performance.now();
      const starting = lazy('inference').then(({ MatchWorker }) => MatchWorker.start(model.packDir, { cacheDir: this.models.cacheDir }));
      this.engine = { packDir: model.packDir, started: starting };
      starting.then(
        () => this.log.info(`Image-text matching model loaded in ${(performance.now() - started).toFixed(0)} ms from ${model.packDir}`),
        (err) => {
          this.log.error(`Loading the image-text matching model from ${model.packDir} failed`, err);
          if (this.engine?.started === starting) this.engine = undefined;
        },
      );
    }
    return this.engine!.started;
  }

  /** Stops the worker (the model changed, the cache was cleared, or shutting down). */
  async stopEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    this.scores.clear();
    if (!engine) return;
    try {
      await (await engine.started).dispose();
    } catch {
      // A worker that never started has nothing to stop.
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changeEmitter.dispose();
    void this.stopEngine();
  }
}
