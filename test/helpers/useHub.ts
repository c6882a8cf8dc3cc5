import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelStore, type ModelStoreOptions } from '../../src/inference/store';
import { HubServer, type HubServerOptions } from './hubServer';

/** The tiny captioning checkpoint the hub serves unless told otherwise, and the name it serves it under. */
export const TINY = path.resolve(__dirname, '../fixtures/blip-reference/tiny-blip');
export const REPO = 'tester/tiny-blip';

export interface HubFixture {
  /** Starts the hub server (the tiny checkpoint as REPO unless `options` say otherwise). */
  start(options?: Partial<HubServerOptions>): Promise<HubServer>;
  /** A model store on the cache folder that talks to the server, with no proxy or token from the environment. */
  store(options?: Partial<ModelStoreOptions>): ModelStore;
  /** A temporary folder for the test, with the model cache as `cache` inside it. */
  readonly root: string;
  readonly cacheDir: string;
  readonly server: HubServer;
}

/** A temporary cache folder and a hub server for each test of the suite, both removed after it. */
export function useHub(): HubFixture {
  let server: HubServer | undefined;
  let root = '';
  const stores: ModelStore[] = [];
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'model-store-'));
    mkdirSync(path.join(root, 'cache'));
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) s.close();
    await server?.close();
    server = undefined;
    rmSync(root, { recursive: true, force: true });
  });
  return {
    async start(options = {}) {
      server = await HubServer.start({ folder: TINY, repo: REPO, ...options });
      return server;
    },
    store(options = {}) {
      // Short timeouts keep failure tests quick; a proxy from the environment must not interfere.
      const store = new ModelStore({
        cacheDir: path.join(root, 'cache'),
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
    get root() {
      return root;
    },
    get cacheDir() {
      return path.join(root, 'cache');
    },
    get server() {
      if (!server) throw new Error('server not started');
      return server;
    },
  };
}

/** Runs `work` with HF_ENDPOINT pointing at `server` and no HF_TOKEN, as a CLI run would see them; restores both. */
export async function withHubEnvironment<T>(server: HubServer, work: () => Promise<T>): Promise<T> {
  const saved = { endpoint: process.env.HF_ENDPOINT, token: process.env.HF_TOKEN };
  process.env.HF_ENDPOINT = server.hubUrl;
  delete process.env.HF_TOKEN;
  try {
    return await work();
  } finally {
    if (saved.endpoint === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = saved.endpoint;
    if (saved.token !== undefined) process.env.HF_TOKEN = saved.token;
  }
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
