import { constants, fstatSync, openSync, closeSync, readSync, promises as fs, type Stats } from 'node:fs';

/** Largest image file read, unless the user says otherwise: far above any picture a page shows. */
export const DEFAULT_MAX_IMAGE_BYTES = 50 * 1024 * 1024;

/** A file that cannot be read as asked, with a message that names it. */
export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    message: string,
    /** Why: the file is missing, is not a regular file, is too large, or the system refused. */
    readonly reason: 'missing' | 'not-regular' | 'too-large' | 'unreadable',
  ) {
    super(message);
  }
}

// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer that may never
// come; on a regular file it changes nothing. (Windows has neither FIFOs nor the flag.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of a regular file of at most `maxBytes`. What is opened is what is checked (fstat on
 * the open handle), so a folder, a FIFO or a device is refused before anything is read, and a
 * file too large is refused before it takes any memory. A file that grows while it is read is
 * cut off at the limit and refused.
 */
export async function readRegularFile(file: string, maxBytes = DEFAULT_MAX_IMAGE_BYTES): Promise<Uint8Array> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (error) {
    throw openError(file, error);
  }
  try {
    const reads = readChecked(file, await handle.stat(), maxBytes);
    let step = reads.next();
    while (!step.done) {
      const { buffer, offset } = step.value;
      step = reads.next((await handle.read(buffer, offset, buffer.length - offset, offset)).bytesRead);
    }
    return step.value;
  } finally {
    await handle.close();
  }
}

/** readRegularFile for callers that read synchronously (the CLI's document reads). */
export function readRegularFileSync(file: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw openError(file, error);
  }
  try {
    const reads = readChecked(file, fstatSync(fd), maxBytes);
    let step = reads.next();
    while (!step.done) {
      const { buffer, offset } = step.value;
      step = reads.next(readSync(fd, buffer, offset, buffer.length - offset, offset));
    }
    return step.value;
  } finally {
    closeSync(fd);
  }
}

/**
 * The checks and the read loop both readers share, written once for the synchronous and the
 * asynchronous reads: it yields where the next read goes (into `buffer` from `offset`, to its
 * end, at that file position) and is handed back how many bytes that read returned.
 */
function* readChecked(file: string, stat: Stats, maxBytes: number): Generator<{ buffer: Buffer; offset: number }, Uint8Array, number> {
  checkStat(file, stat, maxBytes);
  // One byte more than the limit, so that growth past it is seen.
  const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
  let length = 0;
  for (;;) {
    const bytesRead = yield { buffer, offset: length };
    if (bytesRead === 0) break;
    length += bytesRead;
    if (length > maxBytes) throw grew(file, maxBytes);
    if (length === buffer.length) break;
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

function checkStat(file: string, stat: Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new FileReadError(`${file} is not a regular file (${kindOf(stat)})`, 'not-regular');
  if (stat.size > maxBytes) throw tooLarge(file, stat.size, maxBytes);
}

function openError(file: string, error: unknown): FileReadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileReadError(`${file} does not exist`, 'missing');
  return new FileReadError(`${file} cannot be read (${code ?? (error as Error).message})`, 'unreadable');
}

function tooLarge(file: string, size: number, maxBytes: number): FileReadError {
  return new FileReadError(`${file} is ${formatMB(size)}, more than the ${formatMB(maxBytes)} limit`, 'too-large');
}

function grew(file: string, maxBytes: number): FileReadError {
  return new FileReadError(`${file} grew past the ${formatMB(maxBytes)} limit while it was read`, 'too-large');
}

/** What a path that is not a regular file is, in words. */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a file';
}

export function formatMB(bytes: number): string {
  if (bytes < 10_000) return `${bytes} bytes`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? Math.round(mb * 100) / 100 : Math.round(mb * 10) / 10} MB`;
}
