import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Files at or above this size are served like the hub serves LFS files: a redirect to the CDN. */
const LFS_THRESHOLD = 10 * 1024;

export interface Fault {
  /** Which file (by name) the fault applies to, on the CDN or for a small file on the hub. */
  file: string;
  /** Send this many body bytes, then destroy the connection. */
  cutAfter?: number;
  /** Send the headers (and `cutAfter` bytes if set, else nothing) and then nothing more. */
  stall?: boolean;
  /** Never answer at all, not even headers (any method, on the hub). */
  hang?: boolean;
  /** Answer GET with this status and no body (403 as from an expired CDN address, 503 ...). */
  status?: number;
  /** Serve the file with one byte changed, still announcing the original hash. */
  corrupt?: boolean;
  /** How many requests the fault hits before the file is served normally (default: all). */
  times?: number;
}

export interface HubServerOptions {
  /** The checkpoint folder to serve as the repository. */
  folder: string;
  repo: string;
  /** 'private' answers 401 RepoNotFound without the token; 'gated' answers 403 GatedRepo. */
  access?: 'public' | 'private' | 'gated';
  token?: string;
  /** An old name that the hub redirects to `repo` with a relative Location, as after a rename. */
  renamedFrom?: string;
  faults?: Fault[];
  /** Sent as `X-Repo-Commit` instead of the real commit id (a hostile hub's answer). */
  commitHeader?: string;
  /** Sizes announced in HEAD answers instead of the real ones, per file name (a hub that lies). */
  announcedSizes?: Record<string, number>;
  /** Slows the CDN: a pause after each `chunkBytes` of a body. */
  throttle?: { chunkBytes: number; delayMs: number };
}

export interface RequestRecord {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  range?: string;
  authorization?: string;
  /** Set when the client closed the connection before the response was complete (a cancelled or stalled request). */
  abandoned?: boolean;
}

interface ServedFile {
  name: string;
  bytes: Buffer;
  sha256: string;
  gitSha1: string;
  lfs: boolean;
}

/**
 * The hub's URL layout and headers on 127.0.0.1, for tests: `/{repo}/resolve/{revision}/{file}` on
 * one port, large files redirected to a "CDN" on another port (another origin, as on the real hub)
 * that honours Range requests. Counts requests and body bytes so tests can assert on them.
 */
export class HubServer {
  readonly commit: string;
  readonly files: Map<string, ServedFile>;
  readonly requests: RequestRecord[] = [];
  /** Body bytes the CDN and hub wrote, per file name. */
  readonly bytesSent = new Map<string, number>();
  private readonly faultHits = new Map<Fault, number>();
  private hub!: http.Server;
  private cdn!: http.Server;
  hubUrl = '';
  cdnUrl = '';

  constructor(private readonly options: HubServerOptions) {
    this.files = new Map();
    for (const name of readdirSync(options.folder).sort()) {
      const bytes = readFileSync(path.join(options.folder, name));
      this.files.set(name, {
        name,
        bytes,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        gitSha1: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'),
        lfs: bytes.length >= LFS_THRESHOLD,
      });
    }
    const all = createHash('sha1');
    for (const f of this.files.values()) all.update(f.name).update(f.sha256);
    this.commit = all.digest('hex');
  }

  static async start(options: HubServerOptions): Promise<HubServer> {
    const server = new HubServer(options);
    server.hub = http.createServer((req, res) => server.onHub(req, res));
    server.cdn = http.createServer((req, res) => server.onCdn(req, res));
    server.hubUrl = await listen(server.hub);
    server.cdnUrl = await listen(server.cdn);
    return server;
  }

  /** Stops both servers and drops open connections (a stalled response included). */
  async close(): Promise<void> {
    for (const server of [this.hub, this.cdn]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** GET requests for one file's body, on either server. */
  downloads(file: string): RequestRecord[] {
    return this.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith(`/${file}`) && (r.server === 'cdn' || !this.files.get(file)?.lfs),
    );
  }

  private onHub(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.hubUrl);
    this.record('hub', req, res, url);
    const match = /^\/(.+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!match) return end(res, 404, { 'X-Error-Code': 'EntryNotFound' });
    const [, repo, revision, encodedFile] = match;
    const { options } = this;
    if (options.renamedFrom && repo === options.renamedFrom) {
      return end(res, 307, { Location: `/${options.repo}/resolve/${revision}/${encodedFile}${url.search}` });
    }
    const auth = req.headers.authorization;
    if (repo !== options.repo) return end(res, 401, { 'X-Error-Code': 'RepoNotFound', 'X-Error-Message': 'Repository not found' });
    if (options.access === 'private' && auth !== `Bearer ${options.token}`) {
      return end(
        res,
        401,
        auth
          ? { 'X-Error-Message': 'Invalid credentials in Authorization header' }
          : { 'X-Error-Code': 'RepoNotFound', 'X-Error-Message': 'Repository not found' },
      );
    }
    if (options.access === 'gated' && auth !== `Bearer ${options.token}`) {
      return end(res, 403, { 'X-Error-Code': 'GatedRepo', 'X-Error-Message': 'Access to this model is restricted' });
    }
    if (decodeURIComponent(revision) !== 'main' && revision !== this.commit) {
      return end(res, 404, { 'X-Error-Code': 'RevisionNotFound', 'X-Error-Message': 'Invalid rev id' });
    }
    const file = this.files.get(decodeURIComponent(encodedFile));
    if (this.options.faults?.some((f) => f.hang && f.file === file?.name)) return;
    if (!file)
      return end(res, 404, { 'X-Error-Code': 'EntryNotFound', 'X-Error-Message': 'Entry not found', 'X-Repo-Commit': this.commit });
    const commit = options.commitHeader ?? this.commit;
    const announced = options.announcedSizes?.[file.name] ?? file.bytes.length;
    if (file.lfs) {
      return end(res, 302, {
        Location: `${this.cdnUrl}/blobs/${file.sha256}/${file.name}?signature=test`,
        'X-Repo-Commit': commit,
        'X-Linked-Size': String(announced),
        'X-Linked-Etag': `"${file.sha256}"`,
        ETag: `"${file.sha256}"`,
      });
    }
    this.serve(req, res, file, { 'X-Repo-Commit': commit, ETag: `"${file.gitSha1}"` }, req.method === 'HEAD' ? announced : undefined);
  }

  private onCdn(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.cdnUrl);
    this.record('cdn', req, res, url);
    const match = /^\/blobs\/([0-9a-f]{64})\/(.+)$/.exec(url.pathname);
    const file = match && [...this.files.values()].find((f) => f.sha256 === match[1]);
    if (!file) return end(res, 404, {});
    // The CDN's own ETag is not the hub's sha256, as on the real one.
    this.serve(req, res, file, { ETag: `"cdn-${file.sha256.slice(0, 8)}"` });
  }

  /** Writes a file's body with Range support, applying any fault that targets it. */
  private serve(req: IncomingMessage, res: ServerResponse, file: ServedFile, headers: Record<string, string>, headLength?: number): void {
    const fault = this.takeFault(file.name, req.method);
    if (fault?.status) return end(res, fault.status, {});
    let body = file.bytes;
    if (fault?.corrupt) {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0xff;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      if (start >= body.length) return end(res, 416, { 'Content-Range': `bytes */${body.length}` });
    }
    const status = range ? 206 : 200;
    res.writeHead(status, {
      ...headers,
      'Accept-Ranges': 'bytes',
      'Content-Length': String(headLength ?? body.length - start),
      'Content-Type': 'application/octet-stream',
      ...(range ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    let rest = body.subarray(start);
    if (fault?.cutAfter !== undefined || fault?.stall) {
      const part = rest.subarray(0, fault.cutAfter ?? 0);
      this.count(file.name, part.length);
      // Cut only once the bytes are handed to the system, so the client gets exactly `cutAfter`.
      res.write(part, () => {
        if (!fault.stall) res.destroy();
      });
      return;
    }
    const { throttle } = this.options;
    const step = throttle?.chunkBytes ?? rest.length;
    const pump = () => {
      if (res.destroyed) return;
      const chunk = rest.subarray(0, step);
      rest = rest.subarray(chunk.length);
      this.count(file.name, chunk.length);
      if (rest.length === 0) return void res.end(chunk);
      res.write(chunk);
      setTimeout(pump, throttle?.delayMs ?? 0);
    };
    pump();
  }

  private takeFault(name: string, method: string | undefined): Fault | undefined {
    if (method !== 'GET') return undefined;
    const fault = this.options.faults?.find((f) => f.file === name && !f.hang);
    if (!fault) return undefined;
    const hits = this.faultHits.get(fault) ?? 0;
    if (fault.times !== undefined && hits >= fault.times) return undefined;
    this.faultHits.set(fault, hits + 1);
    return fault;
  }

  private record(server: 'hub' | 'cdn', req: IncomingMessage, res: ServerResponse, url: URL): void {
    const record: RequestRecord = {
      server,
      method: req.method ?? '',
      path: decodeURIComponent(url.pathname),
      range: req.headers.range,
      authorization: req.headers.authorization,
    };
    this.requests.push(record);
    // 'close' without a finished response: the other side hung up (or close() dropped it).
    res.once('close', () => {
      if (!res.writableFinished) record.abandoned = true;
    });
  }

  private count(file: string, n: number): void {
    this.bytesSent.set(file, (this.bytesSent.get(file) ?? 0) + n);
  }
}

function end(res: ServerResponse, status: number, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end();
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}
