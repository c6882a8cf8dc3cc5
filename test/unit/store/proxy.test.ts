import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyFor } from '../../../src/inference/store/proxy';
import { REPO, rejection, useHub } from './fixtures';

/** A forward proxy on 127.0.0.1 that relays plain-http requests and refuses CONNECT tunnels with 407. */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('model store: proxies', () => {
  const hub = useHub();
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('sends every request, hub and CDN, through an explicit proxy', async () => {
    const server = await hub.start();
    proxy = await startProxy();
    await hub.store({ proxy: proxy.url }).fetch({ repo: REPO });
    assert.ok(
      proxy.seen.some((r) => r === `HEAD ${server.hubUrl}/${REPO}/resolve/main/config.json`),
      proxy.seen.join('\n'),
    );
    assert.ok(proxy.seen.some((r) => r.startsWith(`GET ${server.cdnUrl}/blobs/`)));
    assert.equal(proxy.seen.length, server.requests.length, 'nothing went around it');
  });

  it('tunnels https through CONNECT, and explains a proxy that wants credentials', async () => {
    proxy = await startProxy();
    const error = await rejection(hub.store({ endpoint: 'https://hub.invalid', proxy: proxy.url }).plan({ repo: REPO }));
    assert.deepEqual(proxy.seen, ['CONNECT hub.invalid:443']);
    assert.equal(error.code, 'network');
    assert.match(error.message, /407 Proxy Authentication Required/);
  });

  it('reads HTTPS_PROXY and NO_PROXY, and keeps loopback direct', () => {
    const saved = { ...process.env };
    try {
      for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'])
        delete process.env[k];
      process.env.HTTPS_PROXY = 'http://proxy.corp:3128';
      assert.equal(proxyFor(new URL('https://huggingface.co/x'), undefined), 'http://proxy.corp:3128');
      assert.equal(proxyFor(new URL('http://plain.example/x'), undefined), undefined, 'HTTPS_PROXY is for https only');
      assert.equal(proxyFor(new URL('https://127.0.0.1:8080/x'), undefined), undefined);
      assert.equal(proxyFor(new URL('https://huggingface.co/x'), ''), undefined, "'' turns proxies off");
      assert.equal(proxyFor(new URL('https://huggingface.co/x'), 'http://vscode:8080'), 'http://vscode:8080', 'an explicit proxy wins');
      process.env.NO_PROXY = '.huggingface.co';
      assert.equal(proxyFor(new URL('https://cdn-lfs.huggingface.co/x'), undefined), undefined);
    } finally {
      process.env = saved;
    }
  });
});
