import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseBlipConfig, type BlipConfig } from './checkpoint/config';
import { loadImageProcessorConfig, preprocessImage, type ImageProcessorConfig } from './image';
import { packFor, type PackOptions } from './pack';
import { ItmSessions, padTexts, type EncodedImage } from './runtime/matchSessions';
import { Semaphore } from './runtime/semaphore';
import { loadBertTokenizer, type BlipTokenizer } from './tokenizer';

/**
 * Texts are cut to this many tokens ([CLS] and [SEP] included), as BLIP's own ITM code, LAVIS and
 * the reference do (transformers' processor call with truncation at 35).
 */
export const MATCH_MAX_TOKENS = 35;

/** Texts per model run: enough to amortise a call, few enough that padding to the longest stays cheap. */
const TEXTS_PER_RUN = 16;

export interface MatcherOptions extends PackOptions {
  /** Threads per onnxruntime operator; its default (one per physical core) when absent. */
  intraOpThreads?: number;
  /** Largest image (width x height) accepted. */
  maxPixels?: number;
}

export interface MatchScore {
  text: string;
  /** Probability that the text describes the image: softmax of the ITM head, index 1 (match). */
  itm: number;
  /** Cosine of the normalised ITC image and text features, in [-1, 1]. */
  cosine: number;
  /** The ITM head's raw logits, [no match, match]. */
  itmLogits: [number, number];
  /** The token ids the text was scored as ([CLS] ... [SEP], truncated). */
  ids: number[];
}

export class MatcherError extends Error {
  override name = 'MatcherError';
}

/**
 * BLIP image-text matching (`BlipForImageTextRetrieval`) in this thread: how well does a text, such
 * as existing alt text, describe an image? Each image is encoded once (vision tower, ITC feature and
 * the text encoder's cross-attention keys and values); its texts are then scored in batches, with
 * transformers' semantics: [CLS] kept, no token types, ITM through the [CLS] row, the ITC cosine from
 * the text encoder run without the image.
 */
export class ImageTextMatcher {
  private readonly turn = new Semaphore(1);
  private disposed = false;

  private constructor(
    readonly packDir: string,
    readonly config: BlipConfig,
    readonly imageConfig: ImageProcessorConfig,
    private readonly tokenizer: BlipTokenizer,
    readonly sessions: ItmSessions,
    private readonly options: MatcherOptions,
  ) {}

  /** From a converted matching pack, or a Hugging Face BlipForImageTextRetrieval checkpoint folder. */
  static async load(modelDir: string, options: MatcherOptions = {}): Promise<ImageTextMatcher> {
    // A captioning checkpoint is refused before it costs a conversion; anything else wrong with
    // the folder is for the model store to report.
    await checkTask(path.join(modelDir, 'config.json'), modelDir).catch((err: unknown) => {
      if (err instanceof MatcherError) throw err;
    });
    const packDir = await packFor(modelDir, options);
    const config = await checkTask(path.join(packDir, 'config.json'), modelDir);
    const [imageConfig, tokenizer, sessions] = await Promise.all([
      loadImageProcessorConfig(packDir),
      loadBertTokenizer(packDir),
      ItmSessions.load(packDir, config, { intraOpThreads: options.intraOpThreads }),
    ]);
    return new ImageTextMatcher(packDir, config, imageConfig, tokenizer, sessions, options);
  }

  /** Token ids a text is scored as: [CLS] pieces [SEP], truncated to MATCH_MAX_TOKENS. */
  tokenize(text: string): number[] {
    return this.tokenizer.encode(text, { maxLength: Math.min(MATCH_MAX_TOKENS, this.config.text.maxPositions) });
  }

  /** Scores every text against one image (a file or its bytes), in the order given. */
  async score(image: string | Uint8Array, texts: readonly string[]): Promise<MatchScore[]> {
    this.checkOpen();
    const pixels = await preprocessImage(image, this.imageConfig, { maxPixels: this.options.maxPixels });
    return this.scorePixels(pixels, texts);
  }

  /** Scores texts against preprocessed pixel values (1x3xHxW). */
  async scorePixels(pixels: Float32Array, texts: readonly string[]): Promise<MatchScore[]> {
    const ids = texts.map((text) => this.tokenize(text));
    return this.turn.run(async () => {
      this.checkOpen();
      const encoded = await this.sessions.encodeImage(await this.sessions.encodePixels(pixels));
      const scores: MatchScore[] = [];
      for (let start = 0; start < texts.length; start += TEXTS_PER_RUN) {
        scores.push(...(await this.scoreBatch(encoded, texts.slice(start, start + TEXTS_PER_RUN), ids.slice(start, start + TEXTS_PER_RUN))));
      }
      return scores;
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.turn.run(() => this.sessions.dispose());
  }

  private async scoreBatch(image: EncodedImage, texts: readonly string[], ids: number[][]): Promise<MatchScore[]> {
    const batch = padTexts(ids, this.config.text.padTokenId);
    const logits = await this.sessions.itmLogits(batch, image);
    const features = await this.sessions.textFeatures(batch);
    const P = image.feature.length;
    return texts.map((text, r) => {
      const no = logits[2 * r];
      const yes = logits[2 * r + 1];
      let cosine = 0;
      for (let i = 0; i < P; i++) cosine += image.feature[i] * features[r * P + i];
      return { text, itm: 1 / (1 + Math.exp(no - yes)), cosine, itmLogits: [no, yes], ids: ids[r] };
    });
  }

  private checkOpen(): void {
    if (this.disposed) throw new Error('the matcher has been disposed');
  }
}

async function checkTask(configFile: string, modelDir: string): Promise<BlipConfig> {
  const config = parseBlipConfig(JSON.parse(await fs.readFile(configFile, 'utf8')));
  if (config.task !== 'image-text-matching') {
    throw new MatcherError(`${modelDir} is a BLIP captioning model; matching needs an image-text matching checkpoint (BlipForImageTextRetrieval, e.g. Salesforce/blip-itm-base-coco)`);
  }
  return config;
}
