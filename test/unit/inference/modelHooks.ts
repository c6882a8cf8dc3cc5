import assert from 'node:assert/strict';
import { Captioner, CaptionWorker } from '../../../src/inference';
import { checkpointDir, modelCache, type FixtureSet } from './parity-fixtures';

/**
 * Mocha hooks that load a model on a fixture checkpoint once for the calling suite (call inside
 * `describe`) and dispose of it after its tests; the function returned gives the loaded model.
 */
function useModel<T extends { dispose(): unknown }>(load: () => Promise<T>, what: string): () => T {
  let model: T | undefined;
  before(async () => {
    model = await load();
  });
  after(() => model?.dispose());
  return () => {
    assert.ok(model, `the ${what} did not load`);
    return model;
  };
}

/** A Captioner on the fixture checkpoint `set`, converted through its model cache. */
export const useCaptioner = (set: FixtureSet) =>
  useModel(() => Captioner.load(checkpointDir(set), { cacheDir: modelCache(set) }), 'captioner');

/** A CaptionWorker on the fixture checkpoint `set`, converted through its model cache. */
export const useCaptionWorker = (set: FixtureSet) =>
  useModel(() => CaptionWorker.start(checkpointDir(set), { cacheDir: modelCache(set) }), 'caption worker');
