import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HubServer, type HubServerOptions } from '../../helpers/hubServer';
import { ModelStore, type ModelStoreOptions } from '../../../src/inference/store';

export const TINY = path.resolve(__dirname, '../../fixtures/blip-reference/tiny-blip');
export const TINY_BIN = path.resolve(__dirname, '../../fixtures/blip-reference/tiny-blip-bin');
export const REPO = 'tester/tiny-blip';
export const WEIGHTS = 'model.safetensors';

/** A temporary cache folder and a hub server, both removed after each test of the suite. */
export function useHub(): {
  start(options?: Partial<HubServerOptions>): Promise<HubServer>;
  store(options?: Partial<ModelStoreOptions>): ModelStore;
  readonly cacheDir: string;
  readonly server: HubServer;
} {
  let server: HubServer | undefined;
  let cacheDir = '';
  const stores: ModelStore[] = [];
  beforeEach(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'model-store-'));
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) s.close();
    await server?.close();
    server = undefined;
    rmSync(cacheDir, { recursive: true, force: true });
  });
  return {
    async start(options = {}) {
      server = await HubServer.start({ folder: TINY, repo: REPO, ...options });
      return server;
    },
    store(options = {}) {
      // Short timeouts keep failure tests quick; a proxy from the environment must not interfere.
      const store = new ModelStore({
        cacheDir,
        endpoint: server?.hubUrl ?? 'http://127.0.0.1:9',
        proxy: '',
        token: '',
        idleTimeoutMs: 2000,
        retries: 3,
        ...options,
      });
      stores.push(store);
      return store;
    },
    get cacheDir() {
      return cacheDir;
    },
    get server() {
      if (!server) throw new Error('server not started');
      return server;
    },
  };
}

/** Awaits a promise expected to fail, and returns its error. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

/**
 * Polls until `probe` holds. The deadline is a hang guard far above the few milliseconds this takes
 * normally, so that a busy machine never fails the test, only a broken behaviour does.
 */
export async function eventually(what: string, probe: () => boolean, guardMs = 60_000): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${guardMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
