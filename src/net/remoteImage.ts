import { promises as dns } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { publicAddressesOnly, type AddressPolicy } from './addressPolicy';
import { idleTimer, redirectLocation } from './httpParts';
import { sniffImageType } from './sniffImage';

/** Why a remote image was not fetched; `message` is written for the writer and names the URL. */
export type RemoteImageErrorCode =
  | 'invalid-url'
  | 'scheme'
  | 'refused-address'
  | 'declined'
  | 'redirects'
  | 'status'
  | 'too-large'
  | 'not-an-image'
  | 'deadline'
  | 'idle'
  | 'network'
  | 'cancelled';

export class RemoteImageError extends Error {
  override name = 'RemoteImageError';
  constructor(
    readonly code: RemoteImageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface RemoteImageOptions {
  /** The largest body read; counted as it streams, whatever Content-Length says. */
  maxBytes: number;
  /** The whole fetch, redirects included, ends after this long. */
  deadlineMs: number;
  /** Longest silence (connecting, waiting for headers, between body chunks). */
  idleTimeoutMs: number;
  /** Redirects followed at most; the next one is refused. Default 3. */
  maxRedirects?: number;
  signal?: AbortSignal;
  /**
   * Asked before the first request and before following a redirect, with the URL about to be
   * requested; false declines. The 'ask' setting answers per host; unset asks nothing.
   */
  confirm?: (url: URL) => Promise<boolean>;
  /** Which addresses may be connected to; default public unicast addresses only. */
  addressPolicy?: AddressPolicy;
  /** Resolves a host name to every address it has; default the system resolver. */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
  userAgent?: string;
}

export interface RemoteImage {
  bytes: Uint8Array;
  /** Sniffed from the bytes; the server's Content-Type is not consulted. */
  mimeType: string;
  /** The URL the bytes came from, after redirects, without credentials. */
  url: URL;
}

const DEFAULT_MAX_REDIRECTS = 3;

/**
 * Fetches an image named in a document, as a stranger's document may name any URL: http(s) only;
 * every address checked against the policy, once when the host name is resolved and again on the
 * connected socket, so that neither an address literal in any spelling nor a DNS answer that
 * changes (rebinding) reaches a loopback, private or other special address; each redirect checked
 * the same way (and confirmed, when `confirm` is given), at most `maxRedirects`; a total deadline
 * and an idle timeout; the size limit enforced while the body streams; the format sniffed from the
 * bytes. No cookies, credentials, Referer or kept-alive connections: every request stands alone.
 */
export async function fetchRemoteImage(src: string, options: RemoteImageOptions): Promise<RemoteImage> {
  const policy = options.addressPolicy ?? publicAddressesOnly;
  const resolve = options.resolve ?? ((hostname: string) => dns.lookup(hostname, { all: true, verbatim: true }));
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  // The deadline counts time on the network only, not time the writer takes to answer `confirm`.
  let spent = 0;
  let url = checkedUrl(src, src);
  for (let redirects = 0; ; redirects++) {
    if (options.confirm && !(await options.confirm(url))) {
      throw new RemoteImageError(
        'declined',
        redirects === 0 ? `Fetching "${src}" was declined` : `"${src}" redirects to ${url.host}, and fetching from there was declined`,
      );
    }
    const started = Date.now();
    const deadline = AbortSignal.timeout(Math.max(1, options.deadlineMs - spent));
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let answer: Answer;
    try {
      answer = await requestOnce(url, src, { ...options, signal, policy, resolve });
    } catch (err) {
      if (options.signal?.aborted) throw new RemoteImageError('cancelled', `Fetching "${src}" was cancelled`);
      if (deadline.aborted)
        throw new RemoteImageError(
          'deadline',
          `Fetching "${src}" took longer than ${seconds(options.deadlineMs)} and was stopped (setting localAltText.remoteImages.timeoutSeconds)`,
        );
      throw err;
    }
    spent += Date.now() - started;
    if (answer.kind === 'image') return { ...answer.image, url };
    if (redirects >= maxRedirects) {
      throw new RemoteImageError('redirects', `"${src}" redirects more than ${maxRedirects} times; it was not fetched`);
    }
    url = checkedUrl(new URL(answer.location, url).href, src);
  }
}

type Answer = { kind: 'image'; image: Omit<RemoteImage, 'url'> } | { kind: 'redirect'; location: string };

interface RequestContext extends RemoteImageOptions {
  signal: AbortSignal;
  policy: AddressPolicy;
  resolve: NonNullable<RemoteImageOptions['resolve']>;
}

/** An http(s) URL without user name or password: those are never sent anywhere. */
function checkedUrl(href: string, src: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new RemoteImageError('invalid-url', `"${src}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RemoteImageError(
      'scheme',
      url.href === new URL(src, url).href
        ? `Only http and https images are fetched, not ${url.protocol} ("${src}")`
        : `"${src}" redirects to a ${url.protocol} URL; only http and https are followed`,
    );
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  return url;
}

/** The host's addresses, all of which must pass the policy (one bad answer refuses the host). */
async function addressFor(url: URL, src: string, context: RequestContext): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await context.resolve(host);
    } catch (err) {
      throw new RemoteImageError(
        'network',
        `Could not fetch "${src}": the host ${host} was not found (${(err as { code?: string }).code ?? 'DNS lookup failed'})`,
      );
    }
    if (addresses.length === 0) throw new RemoteImageError('network', `Could not fetch "${src}": the host ${host} has no address`);
  }
  for (const { address } of addresses) {
    const refusal = context.policy(address, port);
    if (refusal) throw refused(src, url, refusal);
  }
  return addresses[0];
}

function refused(src: string, url: URL, why: string): RemoteImageError {
  const where = url.href === src ? '' : ` (reached through ${url.href})`;
  return new RemoteImageError(
    'refused-address',
    `"${src}" was not fetched: ${why}${where}. Images are fetched from public addresses only, never from this machine or its local network.`,
  );
}

/** Settles with `work`, or rejects as soon as `signal` aborts (a DNS lookup cannot be cancelled). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function requestOnce(url: URL, src: string, context: RequestContext): Promise<Answer> {
  return abortable(addressFor(url, src, context), context.signal).then(
    (pinned) =>
      new Promise<Answer>((resolvePromise, reject) => {
        const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
        // The connection goes to the address just checked, and to no other: Node's own lookup
        // would resolve the name again, and the answer could differ.
        const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
          if ((lookupOptions as { all?: boolean }).all)
            (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
          else callback(null, pinned.address, pinned.family);
        };
        const headers = { 'User-Agent': context.userAgent ?? 'local-alt-text', Accept: 'image/*', 'Accept-Encoding': 'identity' };
        const request = (url.protocol === 'https:' ? https : http).request(url, { method: 'GET', headers, agent: false, lookup });
        let settled = false;
        const finish = (err: Error | undefined, answer?: Answer) => {
          if (settled) return;
          settled = true;
          idle.stop();
          context.signal.removeEventListener('abort', onAbort);
          request.destroy();
          if (err) reject(err);
          else resolvePromise(answer!);
        };
        const idle = idleTimer(context.idleTimeoutMs, () =>
          finish(
            new RemoteImageError(
              'idle',
              `Fetching "${src}" stopped: ${url.host} sent nothing for ${seconds(context.idleTimeoutMs)} (setting localAltText.remoteImages.idleTimeoutSeconds)`,
            ),
          ),
        );
        const onAbort = () => finish(new RemoteImageError('cancelled', `Fetching "${src}" was cancelled`));
        if (context.signal.aborted) return onAbort();
        context.signal.addEventListener('abort', onAbort, { once: true });
        idle.arm();

        request.on('socket', (socket: Socket) => {
          // Checked again on the socket itself, before the request is written to it.
          const check = () => {
            const refusal =
              socket.remoteAddress === undefined
                ? 'the connection has no remote address'
                : context.policy(socket.remoteAddress, socket.remotePort ?? port);
            if (refusal) finish(refused(src, url, refusal));
          };
          if (socket.remoteAddress !== undefined && !socket.connecting) check();
          else socket.once('connect', check);
        });
        request.on('error', (err) => finish(settled ? err : new RemoteImageError('network', `Could not fetch "${src}": ${describe(err)}`)));
        request.on('response', (response) => {
          idle.arm();
          const status = response.statusCode ?? 0;
          const location = redirectLocation(response);
          if (location) return finish(undefined, { kind: 'redirect', location });
          if (status !== 200)
            return finish(
              new RemoteImageError(
                'status',
                `Could not fetch "${src}": ${url.host} answered ${status} ${response.statusMessage ?? ''}`.trimEnd(),
              ),
            );
          readBody(response, src, context, idle.arm).then(
            (bytes) => {
              const mimeType = sniffImageType(bytes);
              if (!mimeType) {
                const declared = response.headers['content-type'];
                finish(
                  new RemoteImageError(
                    'not-an-image',
                    `"${src}" is not an image: its content is no image format this reads${declared ? ` (the server calls it ${declared.split(';')[0]})` : ''}`,
                  ),
                );
              } else finish(undefined, { kind: 'image', image: { bytes, mimeType } });
            },
            (err) => finish(err),
          );
        });
        request.end();
      }),
  );
}

/** The body, stopping as soon as it grows past the limit: a false or missing length is no guard. */
function readBody(response: IncomingMessage, src: string, context: RequestContext, onData: () => void): Promise<Uint8Array> {
  const tooLarge = () =>
    new RemoteImageError(
      'too-large',
      `The remote image "${src}" is larger than the ${formatSize(context.maxBytes)} allowed (setting localAltText.remoteImages.maxSizeMB)`,
    );
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > context.maxBytes) {
    response.destroy();
    return Promise.reject(
      new RemoteImageError(
        'too-large',
        `The remote image "${src}" is ${formatSize(declared)}, more than the ${formatSize(context.maxBytes)} allowed (setting localAltText.remoteImages.maxSizeMB)`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    response.on('data', (chunk: Buffer) => {
      onData();
      total += chunk.length;
      if (total > context.maxBytes) {
        // Rejected before the destroy, whose 'aborted' would otherwise be reported first.
        reject(tooLarge());
        return response.destroy();
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    response.on('error', (err) => reject(new RemoteImageError('network', `Could not fetch "${src}": ${describe(err)}`)));
    response.on('aborted', () => reject(new RemoteImageError('network', `Could not fetch "${src}": the connection was cut`)));
  });
}

function describe(err: unknown): string {
  const code = (err as { code?: string }).code;
  return code ?? (err instanceof Error ? err.message : String(err));
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Number((bytes / 1024).toFixed(1))} KB` : `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}
