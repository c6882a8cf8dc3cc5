import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ModelStoreError, diskError, isDiskError, isTransient, toStoreError } from './errors';
import type { HttpClient } from './http';
import type { HubClient, RemoteFile } from './hub';
import { assertInside } from './paths';
import { removeInside } from './removeInside';
import { sleep } from './sleep';

export interface DownloadFileOptions {
  signal?: AbortSignal;
  /** How many failed tries in a row (without new bytes) to absorb before giving up. */
  retries: number;
  /**
   * Bytes of this file now on disk changed by `delta`: positive as data arrives (`fresh`) or when a
   * partial file from an earlier run is found (not fresh); negative when a server ignores Range and
   * the partial file has to start over.
   */
  onBytes?: (delta: number, fresh: boolean) => void;
  /** Called once the bytes are all here and the hash check starts (it reads the whole file). */
  onVerify?: () => void;
  /**
   * Asks the hub for the file's download address again. CDN addresses are signed and expire, so
   * a CDN that refuses a resumed download gets one more try with a fresh address.
   */
  refresh?: () => Promise<RemoteFile | undefined>;
}

/** An error status for a GET, with the message the hub client made of it. */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly error: ModelStoreError,
    /** True when the answer came from another host than the hub (its CDN). */
    readonly elsewhere: boolean,
  ) {
    super(error.message);
  }
}

/** The hashes of a verified file, for the manifest. */
export interface VerifiedFile {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * Downloads one file to `dest`, resuming from a partial file left by an earlier try (in this run
 * or a killed one) with an HTTP Range request. The bytes go to `<partialDir>/<expected hash>.part`
 * and are renamed to `dest` only after their size and hash match what the hub announced, so
 * `dest` never holds a file that failed its check.
 */
export async function downloadFile(
  http: HttpClient,
  hub: HubClient,
  repo: string,
  file: RemoteFile,
  partialDir: string,
  dest: string,
  options: DownloadFileOptions,
): Promise<VerifiedFile> {
  const partial = assertInside(partialDir, path.join(partialDir, `${file.etag.replace(/[^A-Za-z0-9._-]/g, '_')}.part`));
  await fs.mkdir(partialDir, { recursive: true }).catch((err) => {
    throw diskError(err, partialDir);
  });
  let have = await sizeOf(partial);
  if (have > file.bytes || file.bytes === 0) {
    // Longer than the file can be: not a prefix of it. (An empty file needs no request at all.)
    await fs.writeFile(partial, '');
    have = 0;
  }
  if (have > 0) options.onBytes?.(have, false);
  let failures = 0;
  // Only bytes beyond the furthest point ever reached count as progress: a server whose file is
  // shorter than announced answers a resume with 416 (the part is cleared) and then the same short
  // prefix again, which must not look like progress each time round.
  let furthest = have;
  let refreshed = false;
  while (have < file.bytes) {
    try {
      await fetchRest(http, hub, repo, file, partial, have, options);
    } catch (err) {
      if (options.signal?.aborted) throw cancelled();
      if (err instanceof Refused && err.elsewhere && err.status < 500 && options.refresh && !refreshed) {
        refreshed = true;
        const fresh = await options.refresh();
        if (fresh?.etag === file.etag) {
          file = { ...file, url: fresh.url };
          continue;
        }
      }
      const error =
        err instanceof Refused
          ? err.error
          : isDiskError(err)
            ? (diskError(err, partialDir) as ModelStoreError)
            : toStoreError(err, new URL(file.url).host);
      if (error.code === 'hash-mismatch') await removeInside(partialDir, partial);
      // A 5xx is the server's passing trouble (a busy CDN node): worth the same retries as a drop.
      const retryable = err instanceof Refused ? err.status >= 500 : isTransient(error);
      if (!retryable) throw error;
      const now = await sizeOf(partial);
      // A try that brought new bytes resets the count: only a connection that keeps failing
      // without progress gives up.
      failures = now > furthest ? 1 : failures + 1;
      furthest = Math.max(furthest, now);
      if (failures > options.retries) throw error;
      have = now;
      await sleep(Math.min(2000, 100 * 2 ** (failures - 1)), options.signal, cancelled);
      continue;
    }
    have = await sizeOf(partial);
  }
  options.onVerify?.();
  const verified = await verify(partial, file);
  await fs.rename(partial, dest).catch((err) => {
    throw diskError(err, path.dirname(dest));
  });
  return verified;
}

/** One GET for the bytes after `have`, appended to the partial file. */
async function fetchRest(
  http: HttpClient,
  hub: HubClient,
  repo: string,
  file: RemoteFile,
  partial: string,
  have: number,
  options: DownloadFileOptions,
): Promise<void> {
  const headers: Record<string, string> = have > 0 ? { Range: `bytes=${have}-` } : {};
  const { response, body, url } = await http.send(new URL(file.url), { method: 'GET', headers, signal: options.signal, redirects: 'all' });
  const status = response.statusCode ?? 0;
  if (status >= 400) {
    body.resume();
    if (status === 416) {
      const length = Number(/^bytes \*\/(\d+)$/.exec(String(response.headers['content-range']))?.[1]);
      if (Number.isSafeInteger(length) && length !== file.bytes && have >= length) {
        // The server's whole file is what we hold, and it is not the size the hub announced:
        // asking again cannot help.
        throw shorterThanAnnounced(file, new URL(file.url).host, length);
      }
      // The server cannot serve the rest of what we hold: whatever we hold is not its file.
      await fs.truncate(partial, 0);
      options.onBytes?.(-have, false);
      throw new ModelStoreError('network', `${new URL(file.url).host} refused to resume ${file.name}; starting it again`);
    }
    throw new Refused(status, hub.statusError(response, repo, file.commit, file.name), url.origin !== new URL(hub.endpoint).origin);
  }
  let append = false;
  if (status === 206) {
    const start = Number(/^bytes (\d+)-/.exec(String(response.headers['content-range']))?.[1]);
    if (start !== have) {
      body.destroy();
      throw new ModelStoreError(
        'server',
        `${new URL(file.url).host} answered a request for ${file.name} from byte ${have} with bytes from ${start}`,
      );
    }
    append = true;
  } else if (have > 0) {
    // A 200 to a Range request is the whole file again.
    options.onBytes?.(-have, false);
  }
  const host = new URL(file.url).host;
  const written = await appendBody(
    body,
    partial,
    append,
    file.bytes - (append ? have : 0),
    (n) => options.onBytes?.(n, true),
    () =>
      new ModelStoreError(
        'hash-mismatch',
        `${file.name} from ${host} is larger than the ${file.bytes} bytes the hub announced; it was discarded`,
      ),
  );
  const received = (append ? have : 0) + written;
  if (received < file.bytes) {
    // The response ended cleanly with every byte it declared: the server's file is shorter than
    // the hub announced, which no retry changes. Without a declared length it may be a cut.
    const declared = Number(response.headers['content-length']);
    if (Number.isSafeInteger(declared) && declared === written) throw shorterThanAnnounced(file, host, received);
    throw new ModelStoreError('network', `The connection to ${host} ended after ${received} of ${file.bytes} bytes of ${file.name}`);
  }
}

function shorterThanAnnounced(file: RemoteFile, host: string, bytes: number): ModelStoreError {
  return new ModelStoreError(
    'hash-mismatch',
    `${file.name} on ${host} has ${bytes} bytes, but the hub announced ${file.bytes}; nothing was saved. The repository or a proxy in between serves a file other than the one announced.`,
  );
}

/** Above this many bytes waiting for the disk, the network is paused until the disk catches up. */
const MAX_QUEUED = 4 << 20;

/**
 * Writes a response body to the end of a file and returns how many bytes were written. Every
 * chunk that arrived is written before a broken connection is reported, so a resume starts right
 * where the data stopped; a stream pipeline would drop the chunks still in its buffers.
 */
function appendBody(
  body: Readable,
  file: string,
  append: boolean,
  limit: number,
  onWritten: (bytes: number) => void,
  tooLarge: () => Error,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = 0;
    let written = 0;
    let queued = 0;
    /** The disk failed: nothing more is written. */
    let diskFailure: unknown;
    /** The connection failed: what arrived before it is still written. */
    let streamFailure: unknown;
    let finished = false;
    const handle = fs.open(file, append ? 'a' : 'w');
    let writes: Promise<unknown> = handle;
    handle.catch((err) => {
      diskFailure ??= err;
      body.destroy();
    });
    const finish = (err?: unknown) => {
      streamFailure ??= err;
      if (finished) return;
      finished = true;
      writes
        .then(async () => {
          const h = await handle;
          // Flushed before the file can be renamed into place: a crash must not leave a
          // right-named file of zeros.
          if (!diskFailure && !streamFailure) await h.sync();
          await h.close();
        })
        .catch((e) => (diskFailure ??= e))
        .then(() => {
          const failure = diskFailure ?? streamFailure;
          if (failure) reject(failure);
          else resolve(written);
        });
    };
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return body.destroy(tooLarge());
      queued += chunk.length;
      if (queued > MAX_QUEUED) body.pause();
      writes = writes.then(async () => {
        if (diskFailure) return;
        try {
          await (await handle).write(chunk);
          written += chunk.length;
          onWritten(chunk.length);
        } catch (err) {
          diskFailure ??= err;
          body.destroy();
        }
        queued -= chunk.length;
        if (queued < MAX_QUEUED / 4 && body.isPaused()) body.resume();
      });
    });
    body.on('end', () => finish());
    body.on('error', (err) => finish(err));
    // Destroyed without an error (after a failed write): the failure is already recorded.
    body.on('close', () => finish());
  });
}

/** Checks size and hash; a file that fails is deleted so the next try starts clean. */
async function verify(partial: string, file: RemoteFile): Promise<VerifiedFile> {
  const bytes = await sizeOf(partial);
  const { sha256, gitBlobSha1 } = await hashFile(partial, bytes);
  const problem =
    bytes !== file.bytes
      ? `its size is ${bytes} bytes, the hub announced ${file.bytes}`
      : file.sha256 && sha256 !== file.sha256
        ? `its sha256 is ${sha256}, the hub announced ${file.sha256}`
        : file.gitBlobSha1 && gitBlobSha1 !== file.gitBlobSha1
          ? `its git hash is ${gitBlobSha1}, the hub announced ${file.gitBlobSha1}`
          : undefined;
  if (problem) {
    await removeInside(path.dirname(partial), partial);
    throw new ModelStoreError(
      'hash-mismatch',
      `${file.name} was damaged on the way (${problem}). Nothing was saved; try the download again, and if this repeats, a proxy may be altering downloads.`,
    );
  }
  return { name: file.name, bytes, sha256 };
}

/** sha256 of the content, and the git blob id the hub uses as ETag for small files. */
export async function hashFile(file: string, bytes: number): Promise<{ sha256: string; gitBlobSha1: string }> {
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1').update(`blob ${bytes}\0`);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    sha256.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), gitBlobSha1: sha1.digest('hex') };
}

/** Fails early, before a long download, when the cache's disk cannot hold what is left to fetch. */
export async function checkFreeSpace(folder: string, needed: number, statfs: typeof fs.statfs = fs.statfs): Promise<void> {
  let free: number;
  try {
    const stats = await statfs(folder);
    free = stats.bavail * stats.bsize;
  } catch {
    return; // Not every file system reports free space; the write itself will tell.
  }
  if (free < needed) {
    throw new ModelStoreError(
      'disk-full',
      `The model needs ${formatBytes(needed)} more in ${folder}, but only ${formatBytes(free)} is free. Free some space or choose another cache folder.`,
    );
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}

function cancelled(): ModelStoreError {
  return new ModelStoreError('cancelled', 'The model download was cancelled.');
}
