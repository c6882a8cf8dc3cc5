import { existsSync } from 'node:fs';
import path from 'node:path';

/** What tesseract.js needs on this machine: its worker script and the English traineddata. */
export interface OcrAssets {
  /** The script of tesseract.js's worker thread (ours: no network, one core). */
  workerPath: string;
  /** The folder holding eng.traineddata.gz. */
  langPath: string;
}

/** The traineddata file tesseract.js reads from langPath. */
export const TRAINEDDATA = 'eng.traineddata.gz';
/** The WebAssembly core the worker loads, next to the worker script once bundled. */
export const CORE_WASM = 'tesseract-core-simd-lstm.wasm';
/**
 * @tesseract.js-data/eng's LSTM-only "best_int" data (2.9 MB), the data tesseract.js itself picks
 * for LSTM-only recognition; the package's 4.0.0 folder (10.9 MB) adds the legacy engine's.
 */
export const TRAINEDDATA_FOLDER = '4.0.0_best_int';

/**
 * In the bundles, the worker script, the core and the traineddata are files in dist/ next to this
 * code (esbuild.js copies them there); from the TypeScript sources, the worker script is the one in
 * this folder and the data is read from the installed @tesseract.js-data/eng package. Either way
 * they are local files: nothing is downloaded.
 */
export function ocrAssets(dir: string = __dirname): OcrAssets {
  const workerPath = path.join(dir, 'tesseractWorker.js');
  if (existsSync(path.join(dir, TRAINEDDATA))) return { workerPath, langPath: dir };
  // A variable, not a literal, so that bundlers leave this development-only path alone.
  const dataPackage = '@tesseract.js-data/eng/package.json';
  return { workerPath, langPath: path.join(path.dirname(require.resolve(dataPackage)), TRAINEDDATA_FOLDER) };
}
