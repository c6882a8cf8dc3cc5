import assert from 'node:assert/strict';
import { publicAddressesOnly, specialAddressKind } from '../../src/net/addressPolicy';
import { fetchRemoteImage, RemoteImageError, type RemoteImageOptions } from '../../src/net/remoteImage';
import { sniffImageType } from '../../src/net/sniffImage';
import { allowServers, ImageServer, PNG_BYTES } from '../helpers/imageServer';

// Generous limits: the cases that must stop do so because of a limit set lower in the case itself.
const BASE: RemoteImageOptions = { maxBytes: 1 << 20, deadlineMs: 60_000, idleTimeoutMs: 30_000 };

async function refusal(promise: Promise<unknown>): Promise<RemoteImageError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof RemoteImageError, `a RemoteImageError, not ${String(err)}`);
    return err;
  }
  throw new Error('expected the fetch to be refused');
}

const image: Parameters<typeof ImageServer.start>[0][string] = (_req, res) =>
  res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG_BYTES);

describe('abuse: remote images from a hostile document', function () {
  this.timeout(60_000);
  let server: ImageServer;
  let other: ImageServer;

  beforeEach(async () => {
    server = await ImageServer.start({ '/a.png': image });
    other = await ImageServer.start({ '/a.png': image });
  });
  afterEach(async () => {
    await server.close();
    await other.close();
  });

  it('fetches an image from a server the policy allows (the harness works)', async () => {
    const got = await fetchRemoteImage(server.url('/a.png'), { ...BASE, addressPolicy: server.allowOwnPort });
    assert.deepEqual(Buffer.from(got.bytes), PNG_BYTES);
    assert.equal(got.mimeType, 'image/png');
    assert.equal(server.requests.length, 1);
  });

  describe('loopback, in every spelling, is refused before anything is sent', () => {
    const spellings = (port: number) => [
      `http://127.0.0.1:${port}/a.png`,
      `http://localhost:${port}/a.png`,
      `http://2130706433:${port}/a.png`,
      `http://0x7f.1:${port}/a.png`,
      `http://0x7f000001:${port}/a.png`,
      `http://0177.0.0.1:${port}/a.png`,
      `http://127.1:${port}/a.png`,
      `http://127.0.0.2:${port}/a.png`,
      `http://[::1]:${port}/a.png`,
      `http://[::ffff:127.0.0.1]:${port}/a.png`,
      `http://[::ffff:7f00:1]:${port}/a.png`,
      `http://[0:0:0:0:0:ffff:7f00:1]:${port}/a.png`,
      `http://0.0.0.0:${port}/a.png`,
      `http://0:${port}/a.png`,
      `http://[::]:${port}/a.png`,
      `https://127.0.0.1:${port}/a.png`,
    ];
    for (const index of spellings(1).keys()) {
      it(spellings(1)[index].replace(':1/', ':PORT/'), async () => {
        const url = spellings(server.port)[index];
        const err = await refusal(fetchRemoteImage(url, BASE));
        assert.equal(err.code, 'refused-address', err.message);
        assert.ok(err.message.includes(url), 'the message names the image');
        assert.match(err.message, /is a (loopback|unspecified[^ ]*( \("this network"\))?) address/);
        assert.equal(server.connections, 0, 'no connection was opened');
        assert.equal(server.requests.length, 0, 'no request was received');
      });
    }
  });

  describe('private, link-local, unique-local, multicast and other special addresses are refused', () => {
    const cases: [string, RegExp][] = [
      ['http://10.0.0.1/a.png', /private/],
      ['http://172.16.5.4/a.png', /private/],
      ['http://192.168.1.1/a.png', /private/],
      ['http://169.254.169.254/latest/meta-data/', /link-local/],
      ['http://100.64.0.1/a.png', /carrier-grade NAT/],
      ['http://224.0.0.1/a.png', /multicast/],
      ['http://255.255.255.255/a.png', /broadcast/],
      ['http://[fd00::1]/a.png', /unique-local/],
      ['http://[fe80::1]/a.png', /link-local/],
      ['http://[ff02::1]/a.png', /multicast/],
      ['http://[::ffff:10.0.0.1]/a.png', /private/],
      ['http://[::ffff:a9fe:a9fe]/a.png', /link-local/],
      ['http://[64:ff9b::7f00:1]/a.png', /NAT64/],
      ['http://[2002:7f00:1::]/a.png', /6to4/],
      ['http://3232235777/a.png', /private/],
    ];
    for (const [url, kind] of cases) {
      it(url, async () => {
        const err = await refusal(fetchRemoteImage(url, BASE));
        assert.equal(err.code, 'refused-address', err.message);
        assert.match(err.message, kind);
      });
    }
  });

  it('refuses a host name whose addresses include a special one, without connecting', async () => {
    for (const answer of [
      [{ address: '127.0.0.1', family: 4 }],
      [
        { address: '93.184.216.34', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
      [{ address: '::ffff:192.168.0.7', family: 6 }],
    ]) {
      const err = await refusal(fetchRemoteImage(`http://images.example:${server.port}/a.png`, { ...BASE, resolve: async () => answer }));
      assert.equal(err.code, 'refused-address', err.message);
    }
    assert.equal(server.connections, 0);
    assert.equal(server.requests.length, 0);
  });

  it('checks the connected socket too: an address that passes on resolution but not on connection gets no request', async () => {
    // The resolver and the policy disagree the second time they are consulted, as when a name is
    // rebound between the check and the connection: the socket's own address decides.
    let checks = 0;
    const err = await refusal(
      fetchRemoteImage(`http://images.example:${server.port}/a.png`, {
        ...BASE,
        resolve: async () => [{ address: '127.0.0.1', family: 4 }],
        addressPolicy: (address, port) => (++checks === 1 ? undefined : publicAddressesOnly(address, port)),
      }),
    );
    assert.equal(err.code, 'refused-address', err.message);
    assert.equal(checks, 2, 'checked on resolution and on the socket');
    assert.equal(server.requests.length, 0, 'the request was never written');
  });

  describe('redirects', () => {
    it('re-checks every hop: a redirect into loopback is refused and its target receives nothing', async () => {
      const targets = [
        other.url('/a.png'),
        `http://localhost:${other.port}/a.png`,
        `http://2130706433:${other.port}/a.png`,
        `http://[::1]:${other.port}/a.png`,
        'http://169.254.169.254/latest/meta-data/',
      ];
      for (const target of targets) {
        const start = await ImageServer.start({ '/go': (_req, res) => res.writeHead(302, { Location: target }).end() });
        try {
          const err = await refusal(fetchRemoteImage(start.url('/go'), { ...BASE, addressPolicy: start.allowOwnPort }));
          assert.equal(err.code, 'refused-address', err.message);
          assert.ok(err.message.includes('reached through'), err.message);
          assert.equal(start.requests.length, 1);
        } finally {
          await start.close();
        }
      }
      assert.equal(other.connections, 0);
      assert.equal(other.requests.length, 0);
    });

    it('follows three redirects and refuses a fourth, which is never requested', async () => {
      const chain = await ImageServer.start({
        '/r1': (_q, res) => res.writeHead(301, { Location: '/r2' }).end(),
        '/r2': (_q, res) => res.writeHead(302, { Location: '/r3' }).end(),
        '/r3': (_q, res) => res.writeHead(307, { Location: '/a.png' }).end(),
        '/r0': (_q, res) => res.writeHead(308, { Location: '/r1' }).end(),
        '/a.png': image,
      });
      try {
        const got = await fetchRemoteImage(chain.url('/r1'), { ...BASE, addressPolicy: chain.allowOwnPort });
        assert.equal(got.mimeType, 'image/png');
        assert.equal(got.url.pathname, '/a.png');
        assert.deepEqual(
          chain.requests.map((r) => r.path),
          ['/r1', '/r2', '/r3', '/a.png'],
        );
        chain.requests.length = 0;
        const err = await refusal(fetchRemoteImage(chain.url('/r0'), { ...BASE, addressPolicy: chain.allowOwnPort }));
        assert.equal(err.code, 'redirects', err.message);
        assert.match(err.message, /redirects more than 3 times/);
        assert.deepEqual(
          chain.requests.map((r) => r.path),
          ['/r0', '/r1', '/r2', '/r3'],
          'the image after the fourth redirect was not requested',
        );
      } finally {
        await chain.close();
      }
    });

    it('refuses a redirect to another scheme', async () => {
      for (const target of ['file:///etc/passwd', 'ftp://example.com/a.png', 'data:image/png;base64,iVBORw0KGgo=', 'javascript:alert(1)']) {
        const start = await ImageServer.start({ '/go': (_req, res) => res.writeHead(302, { Location: target }).end() });
        try {
          const err = await refusal(fetchRemoteImage(start.url('/go'), { ...BASE, addressPolicy: start.allowOwnPort }));
          assert.equal(err.code, 'scheme', err.message);
          assert.match(err.message, /only http and https are followed/);
        } finally {
          await start.close();
        }
      }
    });

    it('under "ask", confirms every new host of a chain; declining one sends it nothing', async () => {
      const start = await ImageServer.start({ '/go': (_req, res) => res.writeHead(302, { Location: other.url('/a.png') }).end() });
      try {
        const asked: string[] = [];
        const policy = allowServers(start, other);
        const err = await refusal(
          fetchRemoteImage(start.url('/go'), {
            ...BASE,
            addressPolicy: policy,
            confirm: async (url) => (asked.push(url.host), url.host === new URL(start.url('/')).host),
          }),
        );
        assert.equal(err.code, 'declined', err.message);
        assert.match(err.message, /redirects to 127\.0\.0\.1:\d+, and fetching from there was declined/);
        assert.deepEqual(asked, [`127.0.0.1:${start.port}`, `127.0.0.1:${other.port}`]);
        assert.equal(other.requests.length, 0);
        const got = await fetchRemoteImage(start.url('/go'), { ...BASE, addressPolicy: policy, confirm: async () => true });
        assert.equal(got.url.host, `127.0.0.1:${other.port}`);
      } finally {
        await start.close();
      }
    });
  });

  describe('slow and endless bodies', () => {
    it('stops a body that drips a byte at a time at the total deadline', async () => {
      const drip = await ImageServer.start({
        '/drip.png': (_req, res, s) => {
          res.writeHead(200, { 'Content-Type': 'image/png' });
          const timer = setInterval(() => {
            res.write(PNG_BYTES.subarray(0, 1));
            s.bytesWritten++;
          }, 50);
          res.on('close', () => clearInterval(timer));
        },
      });
      try {
        // Each byte comes well within the idle timeout: only the deadline can end this.
        const err = await refusal(
          fetchRemoteImage(drip.url('/drip.png'), { ...BASE, deadlineMs: 1000, idleTimeoutMs: 20_000, addressPolicy: drip.allowOwnPort }),
        );
        assert.equal(err.code, 'deadline', err.message);
        assert.match(err.message, /took longer than 1 s and was stopped \(setting localAltText\.remoteImages\.timeoutSeconds\)/);
        assert.ok(drip.bytesWritten > 0, 'the server was dripping');
        await until(() => drip.cutResponses === 1);
      } finally {
        await drip.close();
      }
    });

    it('stops a server that sends headers and then nothing at the idle timeout', async () => {
      const stall = await ImageServer.start({
        '/stall.png': (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png' }).flushHeaders(),
      });
      try {
        const err = await refusal(
          fetchRemoteImage(stall.url('/stall.png'), { ...BASE, idleTimeoutMs: 500, addressPolicy: stall.allowOwnPort }),
        );
        assert.equal(err.code, 'idle', err.message);
        assert.match(err.message, /sent nothing for 0\.5 s/);
        await until(() => stall.cutResponses === 1);
      } finally {
        await stall.close();
      }
    });

    it('stops an endless body at the size limit while it streams', async () => {
      const endless = await ImageServer.start({
        '/endless.png': (_req, res, s) => {
          res.writeHead(200, { 'Content-Type': 'image/png' });
          const chunk = Buffer.alloc(64 * 1024, 1);
          const pump = () => {
            while (!res.destroyed && res.write(chunk)) s.bytesWritten += chunk.length;
            if (!res.destroyed) res.once('drain', pump);
          };
          pump();
        },
      });
      try {
        const err = await refusal(
          fetchRemoteImage(endless.url('/endless.png'), { ...BASE, maxBytes: 256 * 1024, addressPolicy: endless.allowOwnPort }),
        );
        assert.equal(err.code, 'too-large', err.message);
        assert.match(err.message, /larger than the 256 KB allowed \(setting localAltText\.remoteImages\.maxSizeMB\)/);
        await until(() => endless.cutResponses === 1);
      } finally {
        await endless.close();
      }
    });

    it('refuses an announced length over the limit without reading the body', async () => {
      const big = await ImageServer.start({
        '/big.png': (_req, res) => res.writeHead(200, { 'Content-Length': String(8 << 20) }).end(Buffer.alloc(8 << 20)),
      });
      try {
        const err = await refusal(fetchRemoteImage(big.url('/big.png'), { ...BASE, maxBytes: 1 << 20, addressPolicy: big.allowOwnPort }));
        assert.equal(err.code, 'too-large', err.message);
        assert.match(err.message, /is 8 MB, more than the 1 MB allowed/);
      } finally {
        await big.close();
      }
    });
  });

  describe('content is judged by its bytes', () => {
    it('refuses an HTML page served as image/png, and takes a PNG served as text/plain', async () => {
      const mixed = await ImageServer.start({
        '/page.png': (_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end('<!doctype html><title>Login</title>'),
        '/real.txt': (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(PNG_BYTES),
        '/empty.png': (_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(),
      });
      try {
        const err = await refusal(fetchRemoteImage(mixed.url('/page.png'), { ...BASE, addressPolicy: mixed.allowOwnPort }));
        assert.equal(err.code, 'not-an-image', err.message);
        assert.match(err.message, /is not an image: .*the server calls it image\/png/);
        assert.equal(
          (await refusal(fetchRemoteImage(mixed.url('/empty.png'), { ...BASE, addressPolicy: mixed.allowOwnPort }))).code,
          'not-an-image',
        );
        const got = await fetchRemoteImage(mixed.url('/real.txt'), { ...BASE, addressPolicy: mixed.allowOwnPort });
        assert.equal(got.mimeType, 'image/png');
      } finally {
        await mixed.close();
      }
    });

    it('sniffs the formats it reads and nothing else', () => {
      const text = (s: string) => new TextEncoder().encode(s);
      const ftyp = (brand: string, compatible: string[]) => {
        const body = text(`ftyp${brand}\0\0\0\0${compatible.join('')}`);
        const box = new Uint8Array(4 + body.length);
        new DataView(box.buffer).setUint32(0, box.length);
        box.set(body, 4);
        return box;
      };
      assert.equal(sniffImageType(PNG_BYTES), 'image/png');
      assert.equal(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
      assert.equal(sniffImageType(text('GIF89a\x01\0\x01\0')), 'image/gif');
      assert.equal(sniffImageType(text('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
      assert.equal(sniffImageType(ftyp('avif', ['mif1', 'miaf'])), 'image/avif');
      assert.equal(sniffImageType(ftyp('mif1', ['avif'])), 'image/avif');
      assert.equal(sniffImageType(ftyp('isom', ['mp41'])), undefined, 'an MP4 is not an image');
      assert.equal(sniffImageType(Uint8Array.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])), 'image/tiff');
      assert.equal(
        sniffImageType(
          text(
            '\uFEFF<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg xmlns="http://www.w3.org/2000/svg"/>',
          ),
        ),
        'image/svg+xml',
      );
      assert.equal(sniffImageType(text('<html><svg></svg></html>')), undefined);
      assert.equal(sniffImageType(text('RIFF\0\0\0\0WAVEfmt ')), undefined);
      assert.equal(sniffImageType(new Uint8Array(0)), undefined);
    });
  });

  it('never sends credentials, cookies or a Referer, even when the URL carries them', async () => {
    const jar = await ImageServer.start({
      '/login': (_req, res) => res.writeHead(302, { Location: '/a.png', 'Set-Cookie': 'session=s3cret; Path=/' }).end(),
      '/a.png': image,
    });
    try {
      const url = `http://alice:hunter2@127.0.0.1:${jar.port}/login#frag`;
      const got = await fetchRemoteImage(url, { ...BASE, addressPolicy: jar.allowOwnPort });
      assert.equal(got.url.username, '');
      assert.equal(got.url.password, '');
      assert.equal(jar.requests.length, 2);
      for (const request of jar.requests) {
        assert.equal(request.headers.authorization, undefined);
        assert.equal(request.headers.cookie, undefined);
        assert.equal(request.headers.referer, undefined);
        assert.equal(request.headers.connection, 'close', 'no connection is kept for later');
        assert.ok(!JSON.stringify(request).includes('hunter2'));
      }
    } finally {
      await jar.close();
    }
  });

  it('refuses schemes other than http(s) and malformed URLs', async () => {
    for (const [url, code] of [
      ['file:///etc/passwd', 'scheme'],
      ['ftp://example.com/a.png', 'scheme'],
      ['gopher://127.0.0.1:70/', 'scheme'],
      ['http://', 'invalid-url'],
      ['http://[::1', 'invalid-url'],
    ] as const) {
      assert.equal((await refusal(fetchRemoteImage(url, BASE))).code, code, url);
    }
  });

  it('classifies addresses as the special-purpose registries do', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:800::200e', '::ffff:8.8.8.8'])
      assert.equal(specialAddressKind(address), undefined, address);
    for (const address of [
      '127.0.0.1',
      '::1',
      '10.1.1.1',
      '192.0.2.1',
      '198.18.0.1',
      '240.0.0.1',
      '2001:db8::1',
      '::',
      'fec0::1',
      '::7f00:1',
      'not-an-ip',
    ])
      assert.ok(specialAddressKind(address), address);
  });
});

/** Waits for the server to notice what the client did; a hang guard, not a timing. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(condition(), 'the server saw the connection close');
}
