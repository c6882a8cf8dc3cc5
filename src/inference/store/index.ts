/**
 * The model store: gets BLIP onto the machine and keeps it usable.
 *
 *   const store = new ModelStore({ cacheDir, proxy });
 *   let pack = await store.findReady(source);          // local folder or cache; no network
 *   if (!pack) {
 *     const plan = await store.plan(source);           // files, sizes, host: ask the writer
 *     pack = await store.fetch(source, { onProgress, signal });
 *   }
 *   const captioner = await Captioner.load(pack);
 *
 * Failures are ModelStoreError, whose `code` says what kind (not-found, unauthorized, network,
 * timeout, hash-mismatch, disk-full, cancelled, ...) and whose message says what to do.
 * See docs/model-store.md for the cache layout and the hub protocol.
 */
export { ModelStore } from './store';
export type { CachedModel, DownloadPlan, FetchOptions, ModelSource, ModelStoreOptions } from './store';
export type { Progress } from './progress';
export { ModelStoreError } from './errors';
export type { ModelStoreErrorCode } from './errors';
export type { Converter, PackManifest } from './packs';
export { DEFAULT_ENDPOINT, DEFAULT_REPO, DEFAULT_REVISION, defaultCacheDir } from './paths';
export { formatBytes } from './download';
