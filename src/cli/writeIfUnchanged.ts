import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, type TextEdit } from '../markdown';
import { readDocumentText } from './checkDocuments';

// Linear however many edits a document gets (a document with 100,000 images is fine).
export { applyEdits };

export type WriteOutcome = { written: true } | { written: false; reason: string };

/**
 * Writes `edits` (offsets into `scannedText`) to `file`, but only if the file still holds exactly
 * `scannedText`: a document someone changed since it was scanned is left alone. The new text goes
 * to a temporary file beside it that then replaces it, so a crash or a full disk never leaves a
 * half-written document; the file's mode is kept. Nothing is written through a symbolic link: the
 * caller passes the path a link leads to, once it has checked that it lies inside the project.
 */
export async function writeIfUnchanged(file: string, scannedText: string, edits: readonly TextEdit[]): Promise<WriteOutcome> {
  const newText = applyEdits(scannedText, edits);
  const target = file;
  const stat = await fs.lstat(target);
  if (stat.isSymbolicLink()) return { written: false, reason: 'the file is a symbolic link; nothing is written through one' };
  if (!stat.isFile()) return { written: false, reason: 'it is not a regular file; left as it is' };
  const { mode } = stat;
  // Replacing the file would get around its permissions: a file marked read-only, or one the user
  // may not write, stays as it is.
  const writable =
    (mode & 0o222) !== 0 &&
    (await fs.access(target, fsConstants.W_OK).then(
      () => true,
      () => false,
    ));
  if (!writable) return { written: false, reason: 'the file is read-only; left as it is' };
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    await fs.writeFile(temporary, newText, { flag: 'wx', mode: mode & 0o777 });
    // The umask may have taken bits away from the mode given at creation.
    await fs.chmod(temporary, mode & 0o7777);
    // Compared as late as possible, so that the window in which a change could be lost is tiny.
    if (readText(target) !== scannedText) return { written: false, reason: 'the file changed after it was scanned; left as it is' };
    await fs.rename(temporary, target);
    renamed = true;
    return { written: true };
  } finally {
    if (!renamed) await fs.rm(temporary, { force: true });
  }
}

// Read as the scan read it, so that an unchanged file compares equal.
function readText(file: string): string | undefined {
  try {
    return readDocumentText(file);
  } catch {
    return undefined;
  }
}
