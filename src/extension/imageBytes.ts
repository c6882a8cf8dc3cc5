import { DEFAULT_MAX_IMAGE_BYTES, FileReadError, readRegularFile } from '../inference/regularFile';
import type { ResolvedSource } from '../markdown/types';
import type { AddressPolicy } from '../net/addressPolicy';
import { lazy } from './lazy';
import type { RemoteImageSettings } from './settings';
import { decodeUriComponentOrKeep } from '../markdown/decodeUri';

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
  /** Which addresses remote images may come from; default public addresses only (tests allow their own listener). */
  addressPolicy?: AddressPolicy;
}

/** The bytes of an image, from a file, a `data:` URI or (if the settings allow) over http(s), fetched by `net/remoteImage`. */
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
  if (decodedAtMost > maxBytes)
    throw new ImageSourceError(`The data: image is up to ${formatMB(decodedAtMost)}, more than the ${formatMB(maxBytes)} this reads`);
  if (isBase64) {
    const clean = decodeUriComponentOrKeep(payload).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) throw new ImageSourceError('The data: URI has invalid base64 data');
    return new Uint8Array(Buffer.from(clean, 'base64'));
  }
  return new Uint8Array(Buffer.from(decodeUriComponentOrKeep(payload), 'latin1'));
}

async function fetchRemote(src: string, source: ResolvedSource, options: ImageReadOptions): Promise<Uint8Array> {
  const { policy, maxBytes, deadlineMs, idleTimeoutMs } = options.remote;
  const href = source.resolved ?? src;
  if (policy === 'never')
    throw new ImageSourceError(`"${src}" is a remote image, and remote images are not fetched (setting localAltText.remoteImages.fetch)`);
  // Loaded on first use: node:https and the resolver are not needed at activation.
  const { fetchRemoteImage, RemoteImageError } = await lazy('net');
  try {
    const image = await fetchRemoteImage(href, {
      maxBytes,
      deadlineMs,
      idleTimeoutMs,
      signal: options.signal,
      // Under 'ask' every host is confirmed, the first and each one a redirect leads to.
      confirm: policy === 'ask' ? (url) => options.confirmRemote?.(url) ?? Promise.resolve(false) : undefined,
      addressPolicy: options.addressPolicy,
    });
    return image.bytes;
  } catch (err) {
    if (err instanceof RemoteImageError) {
      if (err.code === 'cancelled' && options.signal?.aborted) throw options.signal.reason ?? err;
      throw new ImageSourceError(err.message);
    }
    throw err;
  }
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}
