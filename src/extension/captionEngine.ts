import type { CaptionResult, GenerationOptions } from '../inference/types';
import { lazy } from './lazy';

/** What the extension needs from the captioner: caption many images, then stop. */
export interface CaptionEngine {
  /** `readText`: also read the visible text of a screenshot or diagram (CaptionResult.visibleText). */
  caption(image: Uint8Array, generation: GenerationOptions, signal?: AbortSignal, readText?: { name?: string }): Promise<CaptionResult>;
  dispose(): Promise<void> | void;
}

/**
 * Starts the captioner in its worker thread with the model pack in `packDir`. The inference module
 * (onnxruntime, sharp) is loaded here, on first use, never at activation.
 */
export async function startCaptionEngine(packDir: string): Promise<CaptionEngine> {
  const { CaptionWorker } = await lazy('inference');
  return CaptionWorker.start(packDir);
}
