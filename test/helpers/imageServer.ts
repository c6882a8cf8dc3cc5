import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { publicAddressesOnly, type AddressPolicy } from '../../src/net/addressPolicy';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export type Route = (req: IncomingMessage, res: ServerResponse, server: ImageServer) => void;

/** A PNG signature and an IHDR chunk: enough bytes for any sniffer to call it a PNG. */
export const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/**
 * A web server on 127.0.0.1 for remote-image tests. It counts TCP connections and requests, and
 * what each request carried, so a test can show that a refused address received nothing at all.
 */
export class ImageServer {
  readonly requests: ReceivedRequest[] = [];
  connections = 0;
  /** Responses whose connection closed before they ended (the client gave up). */
  cutResponses = 0;
  /** Body bytes written by routes that report them. */
  bytesWritten = 0;
  port = 0;
  private readonly server: http.Server;

  private constructor(private readonly routes: Record<string, Route>) {
    this.server = http.createServer((req, res) => {
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      res.on('close', () => {
        if (!res.writableFinished) this.cutResponses++;
      });
      const route = this.routes[(req.url ?? '/').replace(/\?.*$/, '')];
      if (route) route(req, res, this);
      else res.writeHead(404).end();
    });
    this.server.on('connection', () => this.connections++);
  }

  static async start(routes: Record<string, Route>): Promise<ImageServer> {
    const server = new ImageServer(routes);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.server.listen(0, '127.0.0.1', () => resolve());
    });
    server.port = (server.server.address() as AddressInfo).port;
    return server;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The default policy, except that this server's own port on 127.0.0.1 is let through. */
  get allowOwnPort(): AddressPolicy {
    return (address, port) => (address === '127.0.0.1' && port === this.port ? undefined : publicAddressesOnly(address, port));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Allows exactly the given servers' ports on 127.0.0.1, and public addresses. */
export function allowServers(...servers: ImageServer[]): AddressPolicy {
  return (address, port) =>
    address === '127.0.0.1' && servers.some((s) => s.port === port) ? undefined : publicAddressesOnly(address, port);
}
