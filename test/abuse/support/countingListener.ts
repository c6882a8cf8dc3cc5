import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP listener that counts every connection made to it and records every request, for
 * asserting that nothing was fetched from an address that must be refused. It answers each request
 * with `respond` (default: 404), so a fetch that does happen fails visibly too.
 */
export interface CountingListener {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** TCP connections accepted, whether or not a request followed. */
  readonly connections: number;
  /** Request lines (`GET /path`) in arrival order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export async function startCountingListener(respond?: http.RequestListener): Promise<CountingListener> {
  let connections = 0;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (respond) respond(req, res);
    else res.writeHead(404).end();
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
