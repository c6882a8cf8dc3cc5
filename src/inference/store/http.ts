import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { type Readable, Transform, pipeline } from 'node:stream';
import { idleTimer, redirectLocation } from '../../net/httpParts';
import { ModelStoreError, toStoreError } from './errors';
import { ProxyAgents, proxyFor } from './proxy';

export interface HttpClientOptions {
  userAgent: string;
  /** Explicit proxy URL; '' forces direct connections; undefined reads the *_PROXY variables. */
  proxy?: string;
  /** Bearer token, sent only to `tokenOrigin` and never to the hosts it redirects to. */
  token?: string;
  tokenOrigin?: string;
  /** Longest silence (connecting, waiting for headers, or between body chunks) before giving up. */
  idleTimeoutMs: number;
}

export interface SendOptions {
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * 'all' follows every redirect (downloads end on a CDN); 'same-site' follows only relative ones,
   * which is how the hub answers for a renamed repository, and stops at a redirect to another host
   * so that the hub's own headers on that redirect can be read.
   */
  redirects: 'all' | 'same-site';
}

export interface Sent {
  /** Status and headers. Read the body from `body`, never from here. */
  response: IncomingMessage;
  /** The response body; reading it keeps the idle timeout at bay, and its errors are ModelStoreErrors or Node's. */
  body: Readable;
  /** The URL that gave this response, after the redirects followed. */
  url: URL;
}

const MAX_REDIRECTS = 10;

/**
 * node:http with the few things a large download needs and fetch() hides: a timeout that fires on
 * silence rather than on total duration, Range and redirect handling under our control, and a
 * response body that is streamed to disk, never buffered.
 */
export class HttpClient {
  private readonly agents = new ProxyAgents();

  constructor(private readonly options: HttpClientOptions) {}

  async send(start: URL, options: SendOptions): Promise<Sent> {
    let url = start;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const { response, body } = await this.once(url, options);
      const location = redirectLocation(response);
      if (!location) return { response, body, url };
      if (options.redirects === 'same-site' && isAbsolute(location)) return { response, body, url };
      body.resume();
      url = new URL(location, url);
    }
    throw new ModelStoreError('server', `${start.host} redirected more than ${MAX_REDIRECTS} times for ${start.pathname}`);
  }

  /** Frees the proxy connections kept alive; the client stays usable. */
  close(): void {
    this.agents.destroy();
  }

  /** One request and its response headers; the body is left for the caller to read or `resume()`. */
  private once(url: URL, { method, headers = {}, signal }: SendOptions): Promise<{ response: IncomingMessage; body: Readable }> {
    const { idleTimeoutMs, userAgent, token, tokenOrigin } = this.options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled());
      const all: Record<string, string> = { 'User-Agent': userAgent, 'Accept-Encoding': 'identity', ...headers };
      if (token && url.origin === tokenOrigin) all.Authorization = `Bearer ${token}`;
      const agent = this.agents.agentFor(url, proxyFor(url, this.options.proxy));
      const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers: all, agent });
      let response: IncomingMessage | undefined;
      const fail = (err: Error) => (response ? response.destroy(err) : request.destroy(err));
      const idle = idleTimer(idleTimeoutMs, () =>
        fail(
          new ModelStoreError(
            'timeout',
            `${url.host} sent nothing for ${seconds(idleTimeoutMs)}; the connection timed out. Check the internet connection and proxy settings; a new try resumes the download.`,
          ),
        ),
      );
      const onAbort = () => fail(cancelled());
      const done = () => {
        idle.stop();
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      idle.arm();
      request.on('error', (err) => {
        done();
        reject(toStoreError(err, url.host));
      });
      request.on('response', (res) => {
        response = res;
        idle.arm();
        // Every chunk re-arms the idle timer. A 'data' listener on `res` itself would start the
        // flow before the reader is attached, hence the pass-through stream.
        const body = new Transform({
          transform(chunk, _encoding, callback) {
            idle.arm();
            callback(null, chunk);
          },
        });
        // An error on `res` (timeout, cancel, cut connection) destroys `body` with that error,
        // which is where readers see it.
        pipeline(res, body, () => done());
        resolve({ response: res, body });
      });
      request.end();
    });
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function isAbsolute(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(location) || location.startsWith('//');
}

function cancelled(): ModelStoreError {
  return new ModelStoreError('cancelled', 'The model download was cancelled.');
}

/** Reads a small response body (an error page, a JSON index) with a size cap. */
export async function readSmallBody(body: Readable, host: string, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new ModelStoreError('server', `The response from ${host} is larger than ${limit} bytes where a small file was expected`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
