import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What a folder holds, path by path (relative, with `/`): a file's sha256, a link's target, or
 * the kind of anything else. Links are recorded, never followed, so a snapshot never reads (or
 * waits on) what lies outside the folder, and FIFOs are recorded without being opened. Files above
 * 64 MB (the corpus's sparse giants) are recorded by size and modification time, not read.
 */
export type FolderSnapshot = Map<string, string>;

const HASHED_UP_TO = 64 * 1024 * 1024;

export function snapshotFolder(root: string): FolderSnapshot {
  const snapshot: FolderSnapshot = new Map();
  const visit = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) snapshot.set(relative, `link:${fs.readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        snapshot.set(relative, 'folder');
        visit(full);
      } else if (stat.isFile() && stat.size > HASHED_UP_TO)
        snapshot.set(relative, `size:${stat.size} mtime:${fs.lstatSync(full, { bigint: true }).mtimeNs}`);
      else if (stat.isFile()) snapshot.set(relative, `sha256:${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`);
      else snapshot.set(relative, stat.isFIFO() ? 'fifo' : 'other');
    }
  };
  visit(root);
  return snapshot;
}

export interface SnapshotChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export function compareSnapshots(before: FolderSnapshot, after: FolderSnapshot): SnapshotChanges {
  const changes: SnapshotChanges = { added: [], removed: [], changed: [] };
  for (const [file, state] of after) {
    if (!before.has(file)) changes.added.push(file);
    else if (before.get(file) !== state) changes.changed.push(file);
  }
  for (const file of before.keys()) if (!after.has(file)) changes.removed.push(file);
  return changes;
}

/**
 * Throws unless the only differences between the snapshots are the files named in `changed`
 * (which must have changed, if `mustChange`): nothing added (no stray temporary file), nothing
 * removed, nothing else touched.
 */
export function assertOnlyChanged(before: FolderSnapshot, after: FolderSnapshot, changed: readonly string[], mustChange = true): void {
  const changes = compareSnapshots(before, after);
  const unexpected = changes.changed.filter((file) => !changed.includes(file));
  const missing = mustChange ? changed.filter((file) => !changes.changed.includes(file)) : [];
  if (changes.added.length || changes.removed.length || unexpected.length || missing.length) {
    throw new Error(
      `files changed other than expected: added ${JSON.stringify(changes.added)}, removed ${JSON.stringify(changes.removed)}, ` +
        `changed unexpectedly ${JSON.stringify(unexpected)}, expected to change but did not ${JSON.stringify(missing)}`,
    );
  }
}
