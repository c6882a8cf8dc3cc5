import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A fresh temporary folder (its real path, so links and reports compare equal), removed when the
 * test process exits: usable in hooks and tests alike.
 */
export function tempFolder(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `local-alt-text-${prefix}-`)));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export { writeFiles } from '../../helpers/files';

/** A folder that git would call a repository's top level, without running git. */
export function markRepository(root: string): void {
  fs.mkdirSync(path.join(root, '.git'), { recursive: true });
}
