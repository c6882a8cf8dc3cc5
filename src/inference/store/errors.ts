/**
 * What went wrong, as a code the caller can branch on (the VS Code layer picks its buttons from it)
 * and a message a writer can act on without reading a stack trace.
 */
export type ModelStoreErrorCode =
  /** The repository, revision or a required file does not exist (or is private and no token was given). */
  | 'not-found'
  /** 401/403: a token is missing, refused, or the repository is gated. */
  | 'unauthorized'
  /** The host could not be reached: DNS failure, connection refused or reset, proxy refusal. */
  | 'network'
  /** Nothing arrived for longer than the idle timeout. */
  | 'timeout'
  /** The server answered with an error of its own (5xx) or something that is not the hub's protocol. */
  | 'server'
  /** A downloaded file's size or hash differs from what the hub announced. */
  | 'hash-mismatch'
  /** The cache folder's disk is full (or its quota is spent). */
  | 'disk-full'
  /** The caller's AbortSignal fired. */
  | 'cancelled'
  /** A local folder or cached pack is damaged or not a BLIP checkpoint or pack. */
  | 'corrupt'
  /** Converting the checkpoint into a pack failed. */
  | 'conversion'
  /** Another process holds the cache (clearing while a download runs). */
  | 'busy';

export class ModelStoreError extends Error {
  override name = 'ModelStoreError';
  constructor(
    readonly code: ModelStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The `code` of a Node system error, if it is one. */
export function systemErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const DNS_FAILURE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const CONNECTION_FAILURE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** True for errors worth retrying with a Range request: the connection broke, the bytes so far are good. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ModelStoreError) return err.code === 'network' || err.code === 'timeout';
  const code = systemErrorCode(err);
  return code !== undefined && (CONNECTION_FAILURE.has(code) || code === 'ETIMEDOUT');
}

/** True for errors that come from the local disk rather than the network. */
export function isDiskError(err: unknown): boolean {
  const code = systemErrorCode(err);
  return code !== undefined && (DISK_FULL.has(code) || code === 'EACCES' || code === 'EPERM' || code === 'EROFS');
}

/**
 * A file system failure in the cache, with the folder named when it is one the writer can act on
 * (disk full, no permission); any other error is passed through unchanged.
 */
export function diskError(err: unknown, folder: string): Error {
  if (err instanceof ModelStoreError) return err;
  const code = systemErrorCode(err);
  if (code && DISK_FULL.has(code)) {
    return new ModelStoreError(
      'disk-full',
      `The disk holding the model cache (${folder}) is full. Free some space or choose another cache folder, then try again; a download resumes where it stopped.`,
      { cause: err },
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ModelStoreError(
      'disk-full',
      `The model cache folder ${folder} cannot be written (${code}). Choose a writable cache folder.`,
      { cause: err },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Turns a network or file system failure into a ModelStoreError whose message names the host and
 * says what to check. `where` is the host (for network errors) or folder (for disk errors).
 */
export function toStoreError(err: unknown, where: string): ModelStoreError {
  if (err instanceof ModelStoreError) return err;
  const code = systemErrorCode(err);
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || code === 'ABORT_ERR')
    return new ModelStoreError('cancelled', 'The model download was cancelled.', { cause: err });
  if (code && DISK_FULL.has(code)) return diskError(err, where) as ModelStoreError;
  if (code && DNS_FAILURE.has(code)) {
    return new ModelStoreError(
      'network',
      `Cannot resolve ${where} (DNS lookup failed: ${code}). Check the internet connection and proxy settings, or point the extension at a local model folder.`,
      { cause: err },
    );
  }
  if (code === 'ETIMEDOUT')
    return new ModelStoreError('timeout', `Connecting to ${where} timed out. Check the internet connection and proxy settings.`, {
      cause: err,
    });
  if (code && CONNECTION_FAILURE.has(code)) {
    return new ModelStoreError(
      'network',
      `The connection to ${where} failed (${code}). Check the internet connection and proxy settings; a new try resumes the download.`,
      { cause: err },
    );
  }
  const text = err instanceof Error ? err.message : String(err);
  return new ModelStoreError('network', `Talking to ${where} failed: ${text}`, { cause: err });
}
