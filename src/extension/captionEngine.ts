import type { CaptionRequest } from '../inference/generation/request';
import type { CaptionResult, Precision } from '../inference/types';
import { lazy } from './lazy';

/** What the extension needs from the captioner: caption many images, then stop. */
export interface CaptionEngine {
  /** The request's `readText` also reads the visible text of a screenshot or diagram (CaptionResult.visibleText). */
  caption(image: Uint8Array, request: CaptionRequest, signal?: AbortSignal): Promise<CaptionResult>;
  dispose(): Promise<void> | void;
}

/** Where the model store the extension configured keeps its packs, so the worker uses that one and no other. */
export interface EngineStore {
  cacheDir: string;
  precision?: Precision;
}

/**
 * Starts the captioner in its worker thread with the model pack in `packDir`. The inference module
 * (onnxruntime, sharp) is loaded here, on first use, never at activation.
 */
export async function startCaptionEngine(packDir: string, store: EngineStore): Promise<CaptionEngine> {
  const { CaptionWorker } = await lazy('inference');
  return CaptionWorker.start(packDir, { cacheDir: store.cacheDir, precision: store.precision });
}
