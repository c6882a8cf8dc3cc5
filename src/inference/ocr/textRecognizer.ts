import type { Worker as TesseractWorker } from 'tesseract.js';
import { loadSharp } from '../native';
import type { RgbImage } from '../image/types';
import { ocrAssets, type OcrAssets } from './assets';
import type { RecognizedLine } from './selectText';

/** Images whose long side is at most this are read at twice their size: UI text is small. */
const UPSCALE_BELOW = 2000;
/** Never hand tesseract more pixels than this (its time grows with them). */
const MAX_OCR_PIXELS = 16_000_000;

/**
 * tesseract.js (English, LSTM engine) in its own worker thread, with its script and data read
 * from this machine. One recognition at a time, in call order: tesseract.js queues them itself.
 */
export class TextRecognizer {
  private constructor(private readonly worker: TesseractWorker) {}

  static async start(assets: OcrAssets = ocrAssets()): Promise<TextRecognizer> {
    const { createWorker, OEM, PSM } = await import('tesseract.js');
    let failure: unknown;
    const worker = await createWorker('eng', OEM.LSTM_ONLY, {
      workerPath: assets.workerPath,
      langPath: assets.langPath,
      // 'none': the data is read from langPath every start and never written anywhere (tesseract.js
      // would otherwise copy it into the working folder as a cache).
      cacheMethod: 'none',
      gzip: true,
      errorHandler: (err: unknown) => (failure ??= err),
    });
    if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
    // Screenshots and diagrams hold labels scattered over the image, not a page of paragraphs. A
    // screen has no print resolution; 300 dpi is what the doubled image of a ~150 dpi screen comes
    // to, and saying so keeps tesseract from guessing (and warning on stdout).
    await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, user_defined_dpi: '300' });
    return new TextRecognizer(worker);
  }

  /** The lines tesseract reads in the image, in its reading order, with their confidences. */
  async read(image: RgbImage): Promise<RecognizedLine[]> {
    const png = await preparedPng(image);
    const { data } = await this.worker.recognize(png, {}, { text: false, blocks: true });
    const lines: RecognizedLine[] = [];
    for (const block of data.blocks ?? [])
      for (const paragraph of block.paragraphs)
        for (const line of paragraph.lines)
          lines.push({
            text: line.text.trim(),
            confidence: line.confidence,
            words: line.words.map((w) => ({ text: w.text, confidence: w.confidence })),
          });
    return lines;
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Grey, and twice the size when small, as a PNG: what tesseract reads best. */
async function preparedPng(image: RgbImage): Promise<Buffer> {
  const sharp = loadSharp();
  const long = Math.max(image.width, image.height);
  const scale = long <= UPSCALE_BELOW && image.width * image.height * 4 <= MAX_OCR_PIXELS ? 2 : 1;
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (scale !== 1) pipeline = pipeline.resize(image.width * scale, image.height * scale, { kernel: 'lanczos3' });
  else if (image.width * image.height > MAX_OCR_PIXELS) {
    const shrink = Math.sqrt(MAX_OCR_PIXELS / (image.width * image.height));
    pipeline = pipeline.resize(Math.floor(image.width * shrink), Math.floor(image.height * shrink), { kernel: 'lanczos3' });
  }
  return pipeline.greyscale().png({ compressionLevel: 1 }).toBuffer();
}
