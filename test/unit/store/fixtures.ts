import path from 'node:path';

export { REPO, TINY, rejection, useHub } from '../../helpers/useHub';

export const TINY_BIN = path.resolve(__dirname, '../../fixtures/blip-reference/tiny-blip-bin');
export const WEIGHTS = 'model.safetensors';

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
