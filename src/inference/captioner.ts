import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseBlipConfig, type BlipConfig } from './checkpoint/config';
import {
  decodingOf,
  generate,
  parseGenerationConfig,
  promptIds,
  resolveSettings,
  stripCaption,
  styleCaption,
  styleOf,
  throwIfAborted,
  withCheckpointDefaults,
  type CaptionRequest,
  type CheckpointGenerationDefaults,
} from './generation';
import { loadImageProcessorConfig, preprocessImage, type ImageProcessorConfig } from './image';
import { packFor, type PackOptions } from './pack';
import { PackModel } from './packModel';
import { readTextIfPresent } from './textFile';
import { ImageDecoder } from './runtime/imageDecoder';
import { BlipSessions } from './runtime/sessions';
import { loadTokenizer, type BlipTokenizer } from './tokenizer';
import type { CaptionResult } from './types';

export interface CaptionerOptions extends PackOptions {
  /** Threads per onnxruntime operator; its default (one per physical core) when absent. */
  intraOpThreads?: number;
  /** Largest image (width x height) accepted. */
  maxPixels?: number;
  /** Largest image file read, in bytes (default 50 MB). */
  maxFileBytes?: number;
}

/**
 * BLIP captioning in this thread: load once, caption many. Inference runs one image at a time;
 * decoding the next image (sharp works on libuv's threads) does not wait for that turn. The model
 * and the JavaScript parts of preprocessing share this thread: CaptionWorker runs them on two
 * threads of their own, off the caller's.
 */
export class Captioner extends PackModel<BlipSessions, CaptionerOptions> {
  private constructor(
    packDir: string,
    config: BlipConfig,
    imageConfig: ImageProcessorConfig,
    tokenizer: BlipTokenizer,
    sessions: BlipSessions,
    options: CaptionerOptions,
    /** The checkpoint's generation_config.json: decoding defaults below the request's. */
    readonly checkpointDefaults: CheckpointGenerationDefaults,
  ) {
    super('captioner', packDir, config, imageConfig, tokenizer, sessions, options);
  }

  /** From a converted pack, or a Hugging Face checkpoint folder (converted into the cache on first use). */
  static async load(modelDir: string, options: CaptionerOptions = {}): Promise<Captioner> {
    const packDir = await packFor(modelDir, options);
    const config = parseBlipConfig(JSON.parse(await fs.readFile(path.join(packDir, 'config.json'), 'utf8')));
    if (config.task !== 'captioning') {
      throw new Error(
        `${modelDir} is a BLIP image-text matching model (BlipForImageTextRetrieval): it scores alt text (local-alt-text match) but cannot write captions`,
      );
    }
    const [imageConfig, tokenizer, checkpointDefaults, sessions] = await Promise.all([
      loadImageProcessorConfig(packDir),
      loadTokenizer(packDir),
      loadGenerationConfig(packDir),
      BlipSessions.load(packDir, config, { intraOpThreads: options.intraOpThreads }),
    ]);
    return new Captioner(packDir, config, imageConfig, tokenizer, sessions, options, checkpointDefaults);
  }

  async caption(image: string | Uint8Array, request: CaptionRequest = {}, signal?: AbortSignal): Promise<CaptionResult> {
    const pixels = await this.preprocess(image, signal);
    return this.captionPixels(pixels, request, signal);
  }

  /** An image file or its bytes as the vision model's pixel values. */
  async preprocess(image: string | Uint8Array, signal?: AbortSignal): Promise<Float32Array> {
    this.turn.checkOpen();
    throwIfAborted(signal);
    return preprocessImage(image, this.imageConfig, { maxPixels: this.options.maxPixels, maxFileBytes: this.options.maxFileBytes });
  }

  /** Captions preprocessed pixel values (1x3xHxW): image embeddings, their cross-attention keys and values once, then decoding. */
  async captionPixels(pixels: Float32Array, request: CaptionRequest = {}, signal?: AbortSignal): Promise<CaptionResult> {
    const { text: textConfig } = this.config;
    const generation = decodingOf(request);
    const prompt = promptIds(generation.prompt ? this.tokenizer.encode(generation.prompt) : undefined, textConfig.bosTokenId);
    const options = withCheckpointDefaults(generation, this.checkpointDefaults, prompt.length);
    const settings = resolveSettings(options, textConfig.sepTokenId, prompt.length, textConfig.maxPositions);
    return this.turn.run(async () => {
      const cross = await this.sessions.crossAttention(await this.sessions.encodeImage(pixels));
      const ids = await generate(new ImageDecoder(this.sessions, cross), prompt, settings, signal);
      const text = this.tokenizer.decode(ids, { skipSpecialTokens: true });
      const cleaned = stripCaption(text, generation.prompt);
      return { ids, text, cleaned, caption: styleCaption(cleaned, styleOf(request)) };
    }, signal);
  }
}

/** The checkpoint's generation_config.json, copied into the pack; none is no defaults. */
async function loadGenerationConfig(packDir: string): Promise<CheckpointGenerationDefaults> {
  const file = path.join(packDir, 'generation_config.json');
  const text = await readTextIfPresent(file, (reason) => new Error(`${file} cannot be read (${reason})`));
  return text === undefined ? {} : parseGenerationConfig(text, file);
}
