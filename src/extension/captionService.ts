import * as vscode from 'vscode';
import path from 'node:path';
import { styleAltText, styleCaption } from '../inference/generation/captionStyle';
import { decodingKey, styleOf, type CaptionRequest, type CaptionStyle } from '../inference/generation/request';
import { CaptionCache, captionKey, sha256Hex } from './captionCache';
import { startCaptionEngine, type CaptionEngine } from './captionEngine';
import type { Log } from './log';
import { raceCancellation } from './cancellation';
import type { ModelAccess, ReadyModel } from './modelAccess';
import { errorMessage } from './reportError';
import { captionRequestFor } from './settings';
import { readSettings } from './settingsSource';
import type { StatusBar } from './statusBar';

/** One image to caption for the writer, with the settings in force. */
export interface CaptionCall {
  bytes: Uint8Array;
  /** The bytes' sha256, when the caller has already hashed them (the workspace fix does). */
  sha256?: string;
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

  async caption(call: CaptionCall): Promise<Caption> {
    const request = captionRequestFor(readSettings());
    const style = styleOf(request);
    const imageSha256 = call.sha256 ?? sha256Hex(call.bytes);
    const model = await this.models.ensure(call.interactive, call.token);
    const key = this.keyFor(imageSha256, model, request);
    // The cache holds captions before style, and the visible text beside them: styled here, on the
    // way out, by the rule the worker applies to a new one (styleAltText).
    const cached = await this.cache.get(key);
    const cachedText = request.readText ? await this.cache.get(visibleTextKey(key)) : '';
    if (cached !== undefined && cachedText !== undefined) return { ...styled(cached, cachedText, style), imageSha256, fromCache: true };
    const inFlightKey = request.readText ? visibleTextKey(key) : key;

    let running = this.inFlight.get(inFlightKey);
    if (!running) {
      const controller = new AbortController();
      const entry: Running = {
        promise: this.infer(model, call.bytes, request, key, controller.signal),
        controller,
        waiters: 0,
      };
      this.inFlight.set(inFlightKey, entry);
      const forget = () => this.inFlight.get(inFlightKey) === entry && this.inFlight.delete(inFlightKey);
      entry.promise.then(forget, forget);
      running = entry;
    }
    // Cancelling one caller stops its wait; the inference stops once nobody waits for it any more.
    const entry = running;
    entry.waiters++;
    try {
      const raw = await raceCancellation(entry.promise, call.token);
      return { ...styled(raw.cleaned, raw.visibleText, style), imageSha256, fromCache: false };
    } finally {
      if (--entry.waiters === 0 && call.token?.isCancellationRequested) {
        entry.controller.abort();
        if (this.inFlight.get(inFlightKey) === entry) this.inFlight.delete(inFlightKey);
      }
    }
  }

  /** The caption before style and the visible text (what the cache keeps): callers waiting on one inference may each have their own style. */
  private async infer(
    model: ReadyModel,
    bytes: Uint8Array,
    request: CaptionRequest,
    key: string,
    signal: AbortSignal,
  ): Promise<RawCaption> {
    const engine = await this.engineFor(model);
    signal.throwIfAborted();
    const done = this.status.beginCaption();
    const started = performance.now();
    try {
      const result = await engine.caption(bytes, request, signal);
      const ms = performance.now() - started;
      if (!this.firstCaptionLogged) this.log.info(`First caption in ${ms.toFixed(0)} ms (after the model loaded)`);
      this.firstCaptionLogged = true;
      await this.cache.set(key, result.cleaned);
      if (request.readText) await this.cache.set(visibleTextKey(key), result.visibleText ?? '');
      return { cleaned: result.cleaned, visibleText: result.visibleText ?? '' };
    } finally {
      done();
    }
  }

  private async engineFor(model: ReadyModel): Promise<CaptionEngine> {
    if (this.engine?.packDir !== model.packDir) {
      await this.stopEngine();
      const started = performance.now();
      this.status.setModel({ kind: 'loading' });
      const starting = startCaptionEngine(model.packDir, { cacheDir: this.models.cacheDir, precision: model.source.precision });
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

  private keyFor(imageSha256: string, model: ReadyModel, request: CaptionRequest): string {
    return captionKey({
      imageSha256,
      modelId: `${model.packDir}|${model.source.precision ?? 'fp32'}`,
      optionsKey: decodingKey(request),
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

/** What inference gives and the cache keeps: the caption before style, and the visible text ('' for none or unread). */
interface RawCaption {
  cleaned: string;
  visibleText: string;
}

/** The visible text is cached beside the caption, so that turning text reading on or off costs no caption. */
function visibleTextKey(captionKey: string): string {
  return `${captionKey}:text`;
}

function styled(cleaned: string, visibleText: string, style: CaptionStyle): Pick<Caption, 'text' | 'parts'> {
  const text = styleAltText(cleaned, visibleText, style);
  if (!visibleText) return { text };
  return { text, parts: { caption: styleCaption(cleaned, style), visibleText } };
}

interface Running {
  promise: Promise<RawCaption>;
  controller: AbortController;
  waiters: number;
}
