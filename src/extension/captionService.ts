import * as vscode from 'vscode';
import path from 'node:path';
import type { GenerationOptions } from '../inference/types';
import { CaptionCache, captionKey, sha256Hex } from './captionCache';
import { startCaptionEngine, type CaptionEngine } from './captionEngine';
import { styleCaption } from './captionStyle';
import type { Log } from './log';
import { raceCancellation } from './cancellation';
import type { ModelAccess, ReadyModel } from './modelAccess';
import { errorMessage } from './reportError';
import { captionOptionsKey, type CaptionOptions, type CaptionStyle } from './settings';
import { withVisibleText } from '../inference/generation/visibleTextBudget';
import { readSettings } from './settingsSource';
import type { StatusBar } from './statusBar';

export interface CaptionRequest {
  bytes: Uint8Array;
  /** Allows the consent prompt when no model is installed (explicit actions only, never hovers). */
  interactive: boolean;
  token?: vscode.CancellationToken;
}

export interface Caption {
  /** The caption with the writer's style applied, and any visible text quoted after it: the alt text to propose. */
  text: string;
  /** For a screenshot or diagram whose text was read: the styled caption and the text, apart. */
  parts?: { caption: string; visibleText: string };
  imageSha256: string;
  fromCache: boolean;
}

/**
 * Captions images: from the persisted cache when the same bytes were captioned with the same model
 * and options before, else in the worker thread, so the extension host never waits on inference.
 * Requests for the same image share one inference.
 */
export class CaptionService implements vscode.Disposable {
  private readonly cache: CaptionCache;
  private engine: { packDir: string; started: Promise<CaptionEngine> } | undefined;
  private readonly inFlight = new Map<string, Running>();
  private readonly modelListener: vscode.Disposable;
  private firstCaptionLogged = false;

  constructor(
    storageDir: string,
    private readonly models: ModelAccess,
    private readonly status: StatusBar,
    private readonly log: Log,
  ) {
    this.cache = new CaptionCache(path.join(storageDir, 'captions.json'));
    this.modelListener = models.onDidChange(() => void this.stopEngine());
  }

  async caption(request: CaptionRequest): Promise<Caption> {
    const settings = readSettings();
    const imageSha256 = sha256Hex(request.bytes);
    const model = await this.models.ensure(request.interactive, request.token);
    const key = this.keyFor(imageSha256, model, settings.caption);
    const readText = settings.caption.readText;
    const cached = await this.cache.get(key);
    const cachedText = readText ? await this.cache.get(visibleTextKey(key)) : '';
    if (cached !== undefined && cachedText !== undefined)
      return { ...styled(cached, cachedText, settings.style), imageSha256, fromCache: true };

    let running = this.inFlight.get(key);
    if (!running) {
      const controller = new AbortController();
      const entry: Running = {
        promise: this.infer(model, request.bytes, settings.caption, key, controller.signal),
        controller,
        waiters: 0,
      };
      this.inFlight.set(key, entry);
      const forget = () => this.inFlight.get(key) === entry && this.inFlight.delete(key);
      entry.promise.then(forget, forget);
      running = entry;
    }
    // Cancelling one caller stops its wait; the inference stops once nobody waits for it any more.
    const entry = running;
    entry.waiters++;
    try {
      const raw = await raceCancellation(entry.promise, request.token);
      return { ...styled(raw.caption, raw.visibleText, settings.style), imageSha256, fromCache: false };
    } finally {
      if (--entry.waiters === 0 && request.token?.isCancellationRequested) {
        entry.controller.abort();
        if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
      }
    }
  }

  private async infer(
    model: ReadyModel,
    bytes: Uint8Array,
    options: CaptionOptions,
    key: string,
    signal: AbortSignal,
  ): Promise<RawCaption> {
    const engine = await this.engineFor(model);
    signal.throwIfAborted();
    const done = this.status.beginCaption();
    const started = performance.now();
    try {
      const result = await engine.caption(bytes, generationOptions(options), signal, options.readText ? {} : undefined);
      const ms = performance.now() - started;
      if (!this.firstCaptionLogged) this.log.info(`First caption in ${ms.toFixed(0)} ms (after the model loaded)`);
      this.firstCaptionLogged = true;
      await this.cache.set(key, result.caption);
      if (options.readText) await this.cache.set(visibleTextKey(key), result.visibleText ?? '');
      return { caption: result.caption, visibleText: result.visibleText ?? '' };
    } finally {
      done();
    }
  }

  private async engineFor(model: ReadyModel): Promise<CaptionEngine> {
    if (this.engine?.packDir !== model.packDir) {
      await this.stopEngine();
      const started = performance.now();
      this.status.setModel({ kind: 'loading' });
      const starting = startCaptionEngine(model.packDir);
      this.engine = { packDir: model.packDir, started: starting };
      starting.then(
        () => {
          this.log.info(`Model loaded in ${(performance.now() - started).toFixed(0)} ms from ${model.packDir}`);
          this.status.setModel({ kind: 'ready' });
        },
        (err) => {
          this.log.error(`Loading the model from ${model.packDir} failed`, err);
          this.status.setModel({ kind: 'failed', message: errorMessage(err) });
          if (this.engine?.started === starting) this.engine = undefined;
        },
      );
    }
    return this.engine!.started;
  }

  /** Stops the worker (settings changed, cache cleared, or shutting down). */
  async stopEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (!engine) return;
    try {
      await (await engine.started).dispose();
    } catch {
      // A worker that never started has nothing to stop.
    }
  }

  private keyFor(imageSha256: string, model: ReadyModel, options: CaptionOptions): string {
    return captionKey({
      imageSha256,
      modelId: `${model.packDir}|${model.source.precision ?? 'fp32'}`,
      optionsKey: captionOptionsKey(options),
    });
  }

  async flush(): Promise<void> {
    await this.cache.flush();
  }

  dispose(): void {
    this.modelListener.dispose();
    void this.cache.flush();
    void this.stopEngine();
  }
}

/** What inference gives and the cache keeps: the caption, and the visible text ('' for none or unread). */
interface RawCaption {
  caption: string;
  visibleText: string;
}

/** The visible text is cached beside the caption, so that turning text reading on or off costs no caption. */
function visibleTextKey(captionKey: string): string {
  return `${captionKey}:text`;
}

function styled(caption: string, visibleText: string, style: CaptionStyle): Pick<Caption, 'text' | 'parts'> {
  const styledCaption = styleCaption(caption, style);
  if (!visibleText) return { text: styledCaption };
  return { text: withVisibleText(styledCaption, visibleText, style.maxCharacters), parts: { caption: styledCaption, visibleText } };
}

interface Running {
  promise: Promise<RawCaption>;
  controller: AbortController;
  waiters: number;
}

function generationOptions(options: CaptionOptions): GenerationOptions {
  return { prompt: options.prompt || undefined, numBeams: options.numBeams, maxLength: options.maxLength };
}
