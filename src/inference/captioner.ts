import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseBlipConfig } from './checkpoint/config';
import { cleanCaption, generate, promptIds, resolveSettings, throwIfAborted } from './generation';
import { loadImageProcessorConfig, preprocessImage } from './image';
import { packFor, type PackOptions } from './pack';
import { PackModel } from './packModel';
import { ImageDecoder } from './runtime/imageDecoder';
import { BlipSessions } from './runtime/sessions';
import { loadTokenizer } from './tokenizer';
import type { CaptionResult, GenerationOptions } from './types';

export interface CaptionerOptions extends PackOptions {
  /** Threads per onnxruntime operator; its default (one per physical core) when absent. */
  intraOpThreads?: number;
  /** End cleaned captions with a full stop. Default false. */
  trailingPeriod?: boolean;
  /** The longest cleaned caption in characters (fitCaption); no limit when absent. */
  maxCharacters?: number;
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
  /** From a converted pack, or a Hugging Face checkpoint folder (converted into the cache on first use). */
  static async load(modelDir: string, options: CaptionerOptions = {}): Promise<Captioner> {
    const packDir = await packFor(modelDir, options);
    const config = parseBlipConfig(JSON.parse(await fs.readFile(path.join(packDir, 'config.json'), 'utf8')));
    if (config.task !== 'captioning') {
      throw new Error(
        `${modelDir} is a BLIP image-text matching model (BlipForImageTextRetrieval): it scores alt text (local-alt-text match) but cannot write captions`,
      );
    }
    const [imageConfig, tokenizer, sessions] = await Promise.all([
      loadImageProcessorConfig(packDir),
      loadTokenizer(packDir),
      BlipSessions.load(packDir, config, { intraOpThreads: options.intraOpThreads }),
    ]);
    return new Captioner('captioner', packDir, config, imageConfig, tokenizer, sessions, options);
  }

  async caption(image: string | Uint8Array, generation: GenerationOptions = {}, signal?: AbortSignal): Promise<CaptionResult> {
    const pixels = await this.preprocess(image, signal);
    return this.captionPixels(pixels, generation, signal);
  }

  /** An image file or its bytes as the vision model's pixel values. */
  async preprocess(image: string | Uint8Array, signal?: AbortSignal): Promise<Float32Array> {
    this.turn.checkOpen();
    throwIfAborted(signal);
    return preprocessImage(image, this.imageConfig, { maxPixels: this.options.maxPixels, maxFileBytes: this.options.maxFileBytes });
  }

  /** Captions preprocessed pixel values (1x3xHxW): image embeddings, their cross-attention keys and values once, then decoding. */
  async captionPixels(pixels: Float32Array, generation: GenerationOptions = {}, signal?: AbortSignal): Promise<CaptionResult> {
    const { text: textConfig } = this.config;
    const prompt = promptIds(generation.prompt ? this.tokenizer.encode(generation.prompt) : undefined, textConfig.bosTokenId);
    const settings = resolveSettings(generation, textConfig.sepTokenId, prompt.length, textConfig.maxPositions);
    return this.turn.run(async () => {
      const cross = await this.sessions.crossAttention(await this.sessions.encodeImage(pixels));
      const ids = await generate(new ImageDecoder(this.sessions, cross), prompt, settings, signal);
      const text = this.tokenizer.decode(ids, { skipSpecialTokens: true });
      return {
        ids,
        text,
        caption: cleanCaption(text, {
          prompt: generation.prompt,
          trailingPeriod: this.options.trailingPeriod,
          maxCharacters: this.options.maxCharacters,
        }),
      };
    }, signal);
  }
}
