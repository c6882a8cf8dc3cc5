/**
 * Child process: the workspace fix's path for many images. Each image is read, hashed and looked up
 * in the caption cache (the extension's own CaptionCache); a miss goes to the CaptionWorker, whose
 * threads decode and preprocess the next images while the model captions one. All requests go in at
 * once, as the CLI and the workspace fix send them. The same images a second time come from the cache.
 */
import { promises as fs } from 'node:fs';
import { CaptionCache, captionKey, sha256Hex } from '../../src/extension/captionCache';
import type { GenerationOptions } from '../../src/inference/types';
import { CaptionWorker } from '../../src/inference/worker/captionWorker';
import { peakRssMB, serveTask } from './child';

export interface BatchTask {
  packDir: string;
  cacheDir: string;
  /** Distinct images captioned as one batch. */
  images: string[];
  /** Other images: the first warms the worker up, the rest are captioned one at a time. */
  singles: string[];
  length: number;
  captionCacheFile: string;
  threads?: number;
}

export interface BatchResult {
  /** One image end to end (read, hash, decode, preprocess, caption), nothing else in flight. */
  singleMs: number[];
  batchMs: number;
  cachedMs: number;
  /** Captions the second run found in the cache. */
  cacheHits: number;
  peakRssMB: number;
}

async function probe(task: BatchTask): Promise<BatchResult> {
  const worker = await CaptionWorker.start(task.packDir, { cacheDir: task.cacheDir, intraOpThreads: task.threads });
  const cache = new CaptionCache(task.captionCacheFile);
  const generation: GenerationOptions = { minLength: task.length, maxLength: task.length };
  const modelId = `${worker.packDir}|bench`;
  let hits = 0;
  const captionOne = async (file: string): Promise<string> => {
    const bytes = await fs.readFile(file);
    const key = captionKey({ imageSha256: sha256Hex(bytes), modelId, optionsKey: JSON.stringify(generation) });
    const cached = await cache.get(key);
    if (cached !== undefined) {
      hits++;
      return cached;
    }
    const { caption } = await worker.caption(bytes, generation);
    await cache.set(key, caption);
    return caption;
  };
  try {
    const [warmup, ...singles] = task.singles;
    await captionOne(warmup);
    const singleMs: number[] = [];
    for (const file of singles) {
      const start = performance.now();
      await captionOne(file);
      singleMs.push(performance.now() - start);
    }
    let start = performance.now();
    const first = await Promise.all(task.images.map(captionOne));
    const batchMs = performance.now() - start;
    hits = 0;
    start = performance.now();
    const second = await Promise.all(task.images.map(captionOne));
    const cachedMs = performance.now() - start;
    if (second.join('\n') !== first.join('\n')) throw new Error('the cached run returned other captions');
    await cache.flush();
    return { singleMs, batchMs, cachedMs, cacheHits: hits, peakRssMB: peakRssMB() };
  } finally {
    await worker.dispose();
  }
}

if (require.main === module) serveTask(probe);
