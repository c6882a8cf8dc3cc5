import { promises as fs } from 'node:fs';
import { assertInside } from './paths';

/**
 * `rm -rf` confined to `root`: every removal in the store goes through here, so that a name from a
 * hub answer or a damaged cache can never delete anything outside the cache folder.
 */
export async function removeInside(root: string, target: string, options: { recursive?: boolean } = {}): Promise<void> {
  await fs.rm(assertInside(root, target), { recursive: options.recursive ?? false, force: true });
}
