import { ModelStore, defaultCacheDir } from './store';
import { builtInConverter } from './store/builtInConverter';
import type { Precision } from './types';

export interface PackOptions {
  /** Where checkpoints are converted: default `LOCAL_ALT_TEXT_CACHE`, else the user's cache folder. */
  cacheDir?: string;
  precision?: Precision;
}

/**
 * The converted pack for a model folder: the folder itself when it is a pack (checked against its
 * manifest), or the cached conversion of a Hugging Face checkpoint folder, converted on first use
 * and again whenever the checkpoint's files or the converter change. The model store does the
 * bookkeeping (manifest with hashes and converter version, atomic build, lock between processes).
 */
export async function packFor(modelDir: string, options: PackOptions = {}): Promise<string> {
  // The converter is passed in rather than loaded lazily by the store: this runs in worker threads,
  // where modules are loaded with require only.
  const store = new ModelStore({ cacheDir: options.cacheDir ?? defaultCacheDir(), converter: builtInConverter });
  try {
    const dir = await store.findReady({ localFolder: modelDir, precision: options.precision });
    if (!dir) throw new Error(`no model pack could be made from ${modelDir}`);
    return dir;
  } finally {
    store.close();
  }
}
