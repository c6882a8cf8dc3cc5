import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decodeDataUri, ImageSourceError, readImageBytes } from '../../../src/extension/imageBytes';
import type { ResolvedSource } from '../../../src/markdown/types';
import { publicAddressesOnly, type AddressPolicy } from '../../../src/net/addressPolicy';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const remote = (url: string): ResolvedSource => ({ kind: 'remote', resolved: url, exists: false, remote: true });

describe('image bytes', () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  let requests = 0;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'image-bytes-'));
    server = http.createServer((req, res) => {
      requests++;
      if (req.url === '/small.png') return res.end(PNG_SIGNATURE);
      if (req.url === '/big.png') {
        res.writeHead(200, { 'content-length': String(5000) });
        return res.end(Buffer.alloc(5000));
      }
      if (req.url === '/chunked.png') {
        // No length announced: the limit must be enforced while reading.
        res.write(Buffer.alloc(3000));
        return res.end(Buffer.alloc(3000));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const policy = (p: 'never' | 'ask' | 'always', maxBytes = 4096) => ({ policy: p, maxBytes, deadlineMs: 60_000, idleTimeoutMs: 30_000 });
  // This listener is on 127.0.0.1, which remote images may never reach; only its own port is let through here.
  const ownPort: AddressPolicy = (address, port) =>
    address === '127.0.0.1' && port === Number(new URL(base).port) ? undefined : publicAddressesOnly(address, port);

  it('reads local files and refuses missing ones or ones outside the workspace', async () => {
    const file = path.join(dir, 'a.png');
    writeFileSync(file, Buffer.from([1, 2, 3]));
    assert.deepEqual(
      [...(await readImageBytes('a.png', { kind: 'file', resolved: file, exists: true, remote: false }, { remote: policy('never') }))],
      [1, 2, 3],
    );
    await assert.rejects(
      readImageBytes(
        'b.png',
        { kind: 'file', resolved: path.join(dir, 'b.png'), exists: false, remote: false },
        { remote: policy('never') },
      ),
      /does not exist/,
    );
    await assert.rejects(
      readImageBytes(
        '../x.png',
        { kind: 'file', resolved: '/x.png', exists: true, remote: false, problem: 'the file is outside the workspace' },
        { remote: policy('never') },
      ),
      /outside the workspace/,
    );
    await assert.rejects(
      readImageBytes('a.png', { kind: 'file', resolved: file, exists: true, remote: false }, { remote: policy('never'), maxFileBytes: 2 }),
      (e: Error) => e instanceof ImageSourceError && /^Cannot read the image "a\.png": .* more than the 2 bytes limit$/.test(e.message),
    );
  });

  it('refuses a FIFO or a folder at once, without waiting for a writer', async () => {
    const fifo = path.join(dir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const source = (file: string): ResolvedSource => ({ kind: 'file', resolved: file, exists: true, remote: false });
    await assert.rejects(
      readImageBytes('pipe.png', source(fifo), { remote: policy('never') }),
      /"pipe\.png": .*pipe\.png is not a regular file \(a named pipe\)/,
    );
    mkdirSync(path.join(dir, 'folder.png'));
    await assert.rejects(
      readImageBytes('folder.png', source(path.join(dir, 'folder.png')), { remote: policy('never') }),
      /is not a regular file \(a folder\)/,
    );
  });

  it('refuses a data: URI whose payload is above the limit before decoding it', () => {
    assert.throws(
      () => decodeDataUri(`data:image/png;base64,${'A'.repeat(4000)}`, 2000),
      (e: Error) => e instanceof ImageSourceError && /more than the/.test(e.message),
    );
    assert.equal(decodeDataUri(`data:image/png;base64,${'A'.repeat(4000)}`, 3000).length, 3000);
  });

  it('decodes data: URIs, base64 and percent-encoded', () => {
    assert.deepEqual([...decodeDataUri('data:image/png;base64,AQID')], [1, 2, 3]);
    assert.deepEqual([...decodeDataUri('data:image/svg+xml,%3Csvg%3E')], [...Buffer.from('<svg>')]);
    assert.throws(() => decodeDataUri('data:image/png;base64'), /malformed/);
    assert.throws(() => decodeDataUri('data:image/png;base64,@@@'), /invalid base64/);
  });

  it('fetches remote images only as the setting says', async () => {
    const before = requests;
    await assert.rejects(readImageBytes(`${base}/small.png`, remote(`${base}/small.png`), { remote: policy('never') }), /not fetched/);
    await assert.rejects(
      readImageBytes(`${base}/small.png`, remote(`${base}/small.png`), {
        remote: policy('ask'),
        addressPolicy: ownPort,
        confirmRemote: async () => false,
      }),
      /declined/,
    );
    assert.equal(requests, before, 'nothing may be requested without permission');
    await assert.rejects(
      readImageBytes(`${base}/small.png`, remote(`${base}/small.png`), { remote: policy('always') }),
      /127\.0\.0\.1 is a loopback address/,
    );
    assert.equal(requests, before, 'and nothing on this machine without a policy that allows it');
    let asked: URL | undefined;
    const asking = await readImageBytes(`${base}/small.png`, remote(`${base}/small.png`), {
      remote: policy('ask'),
      addressPolicy: ownPort,
      confirmRemote: async (url) => ((asked = url), true),
    });
    assert.equal(asked?.host, new URL(base).host);
    assert.equal(asking.length, 8);
    assert.equal(
      (await readImageBytes(`${base}/small.png`, remote(`${base}/small.png`), { remote: policy('always'), addressPolicy: ownPort })).length,
      8,
    );
  });

  it('enforces the size limit, announced or not, and reports HTTP errors', async () => {
    await assert.rejects(
      readImageBytes(`${base}/big.png`, remote(`${base}/big.png`), { remote: policy('always'), addressPolicy: ownPort }),
      /more than the/,
    );
    await assert.rejects(
      readImageBytes(`${base}/chunked.png`, remote(`${base}/chunked.png`), { remote: policy('always'), addressPolicy: ownPort }),
      /larger than the/,
    );
    await assert.rejects(
      readImageBytes(`${base}/missing.png`, remote(`${base}/missing.png`), { remote: policy('always'), addressPolicy: ownPort }),
      /404/,
    );
    await assert.rejects(
      readImageBytes('ftp://example.com/a.png', remote('ftp://example.com/a.png'), { remote: policy('always'), addressPolicy: ownPort }),
      /Only http and https/,
    );
  });
});
