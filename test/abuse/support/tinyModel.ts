import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packFor } from '../../../src/inference/pack';

/** The tiny random BLIP checkpoint the tests caption with (nonsense captions, real pipeline). */
export const TINY_CHECKPOINT = path.join(__dirname, '../../fixtures/blip-reference/tiny-blip');

let cache: Promise<string> | undefined;

/**
 * `--model` and `--cache-dir` for the tiny model, converted once per test run into a cache of its
 * own (removed when the process exits), so that CLI runs only load it and concurrent runs do not
 * race to convert it.
 */
export async function tinyModelArgs(): Promise<string[]> {
  cache ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'local-alt-text-abuse-model-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await packFor(TINY_CHECKPOINT, { cacheDir: dir });
    return dir;
  })();
  return ['--model', TINY_CHECKPOINT, '--cache-dir', await cache];
}
