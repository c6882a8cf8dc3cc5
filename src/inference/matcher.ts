import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseBlipConfig, type BlipConfig } from './checkpoint/config';
import { throwIfAborted } from './generation';
import { loadImageProcessorConfig, preprocessImage } from './image';
import { packFor, type PackOptions } from './pack';
import { PackModel } from './packModel';
import { ItmSessions, padTexts } from './runtime/matchSessions';
import { loadBertTokenizer } from './tokenizer';

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
export class ImageTextMatcher extends PackModel<ItmSessions, MatcherOptions> {
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
    return new ImageTextMatcher('matcher', packDir, config, imageConfig, tokenizer, sessions, options);
  }

  /** Token ids a text is scored as: [CLS] pieces [SEP], truncated to MATCH_MAX_TOKENS. */
  tokenize(text: string): number[] {
    return this.tokenizer.encode(text, { maxLength: Math.min(MATCH_MAX_TOKENS, this.config.text.maxPositions) });
  }

  /**
   * Scores every text against one image (a file or its bytes), in the order given. Cancelling
   * `signal` rejects with an AbortError, at the latest after the model run in progress.
   */
  async score(image: string | Uint8Array, texts: readonly string[], signal?: AbortSignal): Promise<MatchScore[]> {
    this.turn.checkOpen();
    throwIfAborted(signal);
    const pixels = await preprocessImage(image, this.imageConfig, { maxPixels: this.options.maxPixels });
    return this.scorePixels(pixels, texts, signal);
  }

  /** Scores texts against preprocessed pixel values (1x3xHxW). */
  async scorePixels(pixels: Float32Array, texts: readonly string[], signal?: AbortSignal): Promise<MatchScore[]> {
    const ids = texts.map((text) => this.tokenize(text));
    // Texts of similar length share a batch, so that padding to the longest costs little.
    const order = ids.map((_, i) => i).sort((a, b) => ids[a].length - ids[b].length);
    const batches: number[][] = [];
    for (let start = 0; start < order.length; start += TEXTS_PER_RUN) batches.push(order.slice(start, start + TEXTS_PER_RUN));
    return this.turn.run(async () => {
      const image = await this.sessions.encodeImage(await this.sessions.encodePixels(pixels));
      const P = image.feature.length;
      const scores: MatchScore[] = new Array(texts.length);
      for (const rows of batches) {
        throwIfAborted(signal);
        const { logits, features } = await this.sessions.scoreTexts(
          padTexts(
            rows.map((i) => ids[i]),
            this.config.text.padTokenId,
          ),
          image,
        );
        rows.forEach((i, r) => {
          const no = logits[2 * r];
          const yes = logits[2 * r + 1];
          scores[i] = {
            text: texts[i],
            itm: 1 / (1 + Math.exp(no - yes)),
            cosine: dot(image.feature, features.subarray(r * P, (r + 1) * P)),
            itmLogits: [no, yes],
            ids: ids[i],
          };
        });
      }
      return scores;
    }, signal);
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

async function checkTask(configFile: string, modelDir: string): Promise<BlipConfig> {
  const config = parseBlipConfig(JSON.parse(await fs.readFile(configFile, 'utf8')));
  if (config.task !== 'image-text-matching') {
    throw new MatcherError(
      `${modelDir} is a BLIP captioning model; matching needs an image-text matching checkpoint (BlipForImageTextRetrieval, e.g. Salesforce/blip-itm-base-coco)`,
    );
  }
  return config;
}
