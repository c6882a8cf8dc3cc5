import { promises as fs } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

// A small random-access reader for the zip archives torch.save writes. torch stores every entry
// uncompressed and aligned, and a BLIP-large checkpoint is close to 2 GB, so reading the central
// directory and then only the entries we need through a file handle keeps memory at one tensor
// at a time, where a streaming library would make us read or buffer the whole file.

export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;
/** Deflate's best case is 258 bytes from a 2-bit code: no real entry inflates by more than this. */
const MAX_DEFLATE_RATIO = 1032;

export class ZipArchive {
  private constructor(
    private readonly handle: fs.FileHandle,
    readonly path: string,
    readonly entries: ReadonlyMap<string, ZipEntry>,
  ) {}

  static async open(path: string): Promise<ZipArchive> {
    const handle = await fs.open(path, 'r');
    try {
      const entries = await readCentralDirectory(handle, path);
      return new ZipArchive(handle, path, entries);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** The entry's bytes, checked against the CRC the archive recorded. */
  async read(name: string): Promise<Uint8Array> {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipError(`${this.path}: the archive has no entry '${name}'`);
    const local = await readAt(this.handle, entry.localHeaderOffset, 30, this.path);
    const view = dataView(local);
    if (view.getUint32(0, true) !== LOCAL_SIGNATURE)
      throw new ZipError(`${this.path}: entry '${name}' has no local header where the directory says: the archive is corrupt`);
    const dataStart = entry.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
    const raw = await readAt(this.handle, dataStart, entry.compressedSize, this.path);
    let data: Uint8Array;
    if (entry.method === STORED) {
      data = raw;
    } else if (entry.method === DEFLATED) {
      if (entry.size > raw.byteLength * MAX_DEFLATE_RATIO + 1024) {
        throw new ZipError(
          `${this.path}: entry '${name}' claims to inflate ${entry.compressedSize} bytes into ${entry.size}, more than deflate can: the archive is corrupt`,
        );
      }
      try {
        // Never more than the entry declares: a small entry inflating to gigabytes (a zip bomb)
        // stops at its declared size instead of filling memory.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ZipError(
            `${this.path}: entry '${name}' inflates to more than the ${entry.size} bytes it declares: the archive is corrupt`,
          );
        }
        throw new ZipError(`${this.path}: entry '${name}' does not inflate: the archive is corrupt`);
      }
    } else {
      throw new ZipError(
        `${this.path}: entry '${name}' uses compression method ${entry.method}; only stored and deflated entries are supported`,
      );
    }
    if (data.byteLength !== entry.size || crc32(data) >>> 0 !== entry.crc) {
      throw new ZipError(`${this.path}: entry '${name}' fails its checksum: the archive is corrupt or truncated`);
    }
    return data;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function readCentralDirectory(handle: fs.FileHandle, path: string): Promise<Map<string, ZipEntry>> {
  const fileSize = (await handle.stat()).size;
  if (fileSize < EOCD_SIZE) throw new ZipError(`${path} is too short to be a zip archive`);
  const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, fileSize - tailLength, tailLength, path);
  const tailView = dataView(tail);
  let eocd = -1;
  for (let i = tailLength - EOCD_SIZE; i >= 0; i--) {
    if (tailView.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError(`${path} is not a zip archive (no end-of-directory record): it is truncated or in another format`);

  let count = tailView.getUint16(eocd + 10, true);
  let directorySize = tailView.getUint32(eocd + 12, true);
  let directoryOffset = tailView.getUint32(eocd + 16, true);
  const locator = eocd - 20;
  if (locator >= 0 && tailView.getUint32(locator, true) === ZIP64_LOCATOR_SIGNATURE) {
    // Large archives keep the real counts and offsets in a zip64 record the locator points to.
    const recordOffset = safeNumber(tailView.getBigUint64(locator + 8, true), path);
    const record = dataView(await readAt(handle, recordOffset, 56, path));
    if (record.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE)
      throw new ZipError(`${path}: the zip64 directory record is missing: the archive is corrupt`);
    count = safeNumber(record.getBigUint64(32, true), path);
    directorySize = safeNumber(record.getBigUint64(40, true), path);
    directoryOffset = safeNumber(record.getBigUint64(48, true), path);
  }
  if (directoryOffset + directorySize > fileSize)
    throw new ZipError(`${path}: the zip directory lies past the end of the file: it is truncated`);

  const directory = await readAt(handle, directoryOffset, directorySize, path);
  const view = dataView(directory);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.byteLength || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new ZipError(`${path}: the zip directory is damaged at entry ${i}`);
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(directory.subarray(at + 46, at + 46 + nameLength));
    const entry: ZipEntry = {
      name,
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    applyZip64Extra(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), path);
    if (entry.localHeaderOffset + entry.compressedSize > fileSize) {
      throw new ZipError(`${path}: entry '${name}' lies past the end of the file: the archive is truncated`);
    }
    entries.set(name, entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Fields too large for 32 bits are 0xffffffff in the directory and follow, in order, in extra field 1. */
function applyZip64Extra(entry: ZipEntry, extra: Uint8Array, path: string): void {
  const view = dataView(extra);
  for (let at = 0; at + 4 <= extra.byteLength;) {
    const id = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + length)
          throw new ZipError(`${path}: entry '${entry.name}' has a short zip64 field: the archive is corrupt`);
        const value = safeNumber(view.getBigUint64(field, true), path);
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    }
    at += 4 + length;
  }
}

async function readAt(handle: fs.FileHandle, position: number, length: number, path: string): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new ZipError(`${path} ends early: the archive is truncated`);
    done += bytesRead;
  }
  return buffer;
}

function safeNumber(value: bigint, path: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError(`${path}: a zip64 size is out of range: the archive is corrupt`);
  return Number(value);
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
