import { DEFAULT_MAX_IMAGE_BYTES, FileReadError, readRegularFile } from '../inference/regularFile';
import type { ResolvedSource } from '../markdown/types';
import type { RemoteImageSettings } from './settings';

/** A clear, writer-facing reason why an image could not be read; never a crash. */
export class ImageSourceError extends Error {
  override name = 'ImageSourceError';
}

export interface ImageReadOptions {
  remote: RemoteImageSettings;
  /** Asked before a remote image is fetched under the 'ask' policy; false means do not fetch. */
  confirmRemote?: (url: URL) => Promise<boolean>;
  signal?: AbortSignal;
  /** Largest local file or data: payload read; decoders refuse huge images anyway, this keeps memory bounded. */
  maxFileBytes?: number;
  fetchTimeoutMs?: number;
}


/** The bytes of an image, from a file, a `data:` URI or (if the settings allow) over http(s). */
export async function readImageBytes(src: string, source: ResolvedSource, options: ImageReadOptions): Promise<Uint8Array> {
  if (source.problem) throw new ImageSourceError(`Cannot read the image "${src}": ${source.problem}`);
  switch (source.kind) {
    case 'file':
      return readFileBytes(src, source, options.maxFileBytes ?? DEFAULT_MAX_IMAGE_BYTES);
    case 'data':
      return decodeDataUri(src.trim(), options.maxFileBytes ?? DEFAULT_MAX_IMAGE_BYTES);
    case 'remote':
      return fetchRemote(src, source, options);
    default:
      throw new ImageSourceError(`Cannot read the image "${src}": its source could not be resolved`);
  }
}

async function readFileBytes(src: string, source: ResolvedSource, maxBytes: number): Promise<Uint8Array> {
  const file = source.resolved;
  if (!file || !source.exists) throw new ImageSourceError(`The image file "${src}" does not exist${file ? ` (looked for ${file})` : ''}`);
  try {
    // Opened without blocking and checked on the open handle: a FIFO or folder is refused at once.
    return await readRegularFile(file, maxBytes);
  } catch (err) {
    if (err instanceof FileReadError) throw new ImageSourceError(`Cannot read the image "${src}": ${err.message}`);
    throw err;
  }
}

/** Decodes `data:[<type>][;base64],<data>` as browsers do; only the payload matters here. */
export function decodeDataUri(uri: string, maxBytes = DEFAULT_MAX_IMAGE_BYTES): Uint8Array {
  const match = /^data:([^,]*?),(.*)$/is.exec(uri);
  if (!match) throw new ImageSourceError('The data: URI is malformed (no comma)');
  const isBase64 = /;\s*base64\s*$/i.test(match[1]);
  const payload = match[2];
  // Judged before decoding: base64 never decodes to more than 3/4 of its length, text to more than its length.
  const decodedAtMost = isBase64 ? Math.floor((payload.length * 3) / 4) : payload.length;
  if (decodedAtMost > maxBytes) throw new ImageSourceError(`The data: image is up to ${formatMB(decodedAtMost)}, more than the ${formatMB(maxBytes)} this reads`);
  if (isBase64) {
    const clean = decodeURIComponentSafe(payload).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) throw new ImageSourceError('The data: URI has invalid base64 data');
    return new Uint8Array(Buffer.from(clean, 'base64'));
  }
  return new Uint8Array(Buffer.from(decodeURIComponentSafe(payload), 'latin1'));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function fetchRemote(src: string, source: ResolvedSource, options: ImageReadOptions): Promise<Uint8Array> {
  const { policy, maxBytes } = options.remote;
  let url: URL;
  try {
    url = new URL(source.resolved ?? src);
  } catch {
    throw new ImageSourceError(`"${src}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ImageSourceError(`Only http and https images are fetched, not ${url.protocol}`);
  if (policy === 'never') throw new ImageSourceError(`"${src}" is a remote image, and remote images are not fetched (setting localAltText.remoteImages.fetch)`);
  if (policy === 'ask' && !(await options.confirmRemote?.(url))) throw new ImageSourceError(`Fetching "${src}" was declined`);

  const timeout = AbortSignal.timeout(options.fetchTimeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow', headers: { accept: 'image/*' } });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ImageSourceError(`Could not fetch "${src}": ${timeout.aborted ? 'timed out' : describe(err)}`);
  }
  // A redirect may only lead to another http(s) address; fetch follows nothing else anyway.
  if (!response.ok) throw new ImageSourceError(`Could not fetch "${src}": the server answered ${response.status} ${response.statusText}`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ImageSourceError(`The remote image "${src}" is ${formatMB(declared)}, more than the ${formatMB(maxBytes)} allowed (setting localAltText.remoteImages.maxSizeMB)`);
  }
  return readLimited(response, maxBytes, src);
}

/** Reads a body, stopping as soon as it grows past the limit (a missing or false length is no guard). */
async function readLimited(response: Response, maxBytes: number, src: string): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ImageSourceError(`The remote image "${src}" is larger than the ${formatMB(maxBytes)} allowed (setting localAltText.remoteImages.maxSizeMB)`);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
