import type { BlipConfig } from './checkpoint/config';
import type { ImageProcessorConfig } from './image';
import { ModelTurn } from './runtime/modelTurn';
import type { BlipTokenizer } from './tokenizer';

/**
 * What a model loaded from a pack keeps (the captioner and the matcher): the pack's folder, its
 * configs, tokenizer and onnxruntime sessions, and the one turn the sessions are used under.
 */
export abstract class PackModel<Sessions extends { dispose(): Promise<void> }, Options> {
  protected readonly turn: ModelTurn;

  protected constructor(
    /** What the model is called in the error after dispose ('captioner', 'matcher'). */
    owner: string,
    /** The converted pack the model runs from. */
    readonly packDir: string,
    readonly config: BlipConfig,
    readonly imageConfig: ImageProcessorConfig,
    protected readonly tokenizer: BlipTokenizer,
    /** The model's onnxruntime sessions; benchmarks time their stages one by one. */
    readonly sessions: Sessions,
    protected readonly options: Options,
  ) {
    this.turn = new ModelTurn(owner, () => sessions.dispose());
  }

  /** Releases the sessions once the run in progress (if any) is done. */
  dispose(): Promise<void> {
    return this.turn.dispose();
  }
}
