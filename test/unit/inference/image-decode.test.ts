import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp, { type CreateRaw } from 'sharp';
import { decodeImage, ImageDecodeError, parseImageProcessorConfig, preprocessImage } from '../../../src/inference/image/index';
import { encodePng, PngColor, type PngSpec } from '../../helpers/png-writer';

const W = 4;
const H = 2;

/** Every pixel's RGB, for comparing with what PIL's convert('RGB') gives. */
async function rgbOf(bytes: Uint8Array): Promise<number[]> {
  const image = await decodeImage(bytes);
  assert.equal(image.data.length, image.width * image.height * 3);
  return [...image.data];
}

function png(spec: Omit<PngSpec, 'width' | 'height'>): Uint8Array {
  return encodePng({ width: W, height: H, ...spec });
}

/** A W x H test pattern of distinct 8-bit RGB values. */
const pattern = Array.from({ length: W * H * 3 }, (_, i) => (i * 37 + 11) % 256);

describe('image decoding, as PIL convert("RGB")', () => {
  it('drops alpha without compositing or premultiplying, even where alpha is 0', async () => {
    const alpha = [0, 1, 128, 255, 0, 0, 64, 255];
    const samples = alpha.flatMap((a, i) => [...pattern.slice(i * 3, i * 3 + 3), a]);
    assert.deepEqual(await rgbOf(png({ bitDepth: 8, colorType: PngColor.RGBA, samples })), pattern);
  });

  it('replicates grey, and drops the alpha of grey+alpha', async () => {
    const grey = [0, 17, 34, 100, 200, 255, 3, 90];
    const replicated = grey.flatMap((g) => [g, g, g]);
    assert.deepEqual(await rgbOf(png({ bitDepth: 8, colorType: PngColor.GREY, samples: grey })), replicated);
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 8, colorType: PngColor.GREY_ALPHA, samples: grey.flatMap((g, i) => [g, i * 30]) })),
      replicated,
    );
    // A transparency chunk does not change the colours either.
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 8, colorType: PngColor.GREY, samples: grey, transparency: Uint8Array.of(0, 17) })),
      replicated,
    );
  });

  it('expands 1-, 2- and 4-bit grey the way PIL scales them', async () => {
    const bits = [0, 1, 1, 0, 1, 0, 0, 1];
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 1, colorType: PngColor.GREY, samples: bits })),
      bits.flatMap((b) => [b * 255, b * 255, b * 255]),
    );
    const two = [0, 1, 2, 3, 3, 2, 1, 0];
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 2, colorType: PngColor.GREY, samples: two })),
      two.flatMap((v) => [v * 85, v * 85, v * 85]),
    );
    const four = [0, 1, 7, 15, 9, 4, 12, 2];
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 4, colorType: PngColor.GREY, samples: four })),
      four.flatMap((v) => [v * 17, v * 17, v * 17]),
    );
  });

  it('looks palette entries up, ignoring their transparency', async () => {
    const palette = [
      [255, 0, 0],
      [0, 128, 0],
      [10, 20, 30],
      [200, 100, 50],
    ];
    const indices = [0, 1, 2, 3, 3, 2, 1, 0];
    const expected = indices.flatMap((i) => palette[i]);
    assert.deepEqual(await rgbOf(png({ bitDepth: 8, colorType: PngColor.PALETTE, samples: indices, palette })), expected);
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 2, colorType: PngColor.PALETTE, samples: indices, palette, transparency: Uint8Array.of(0, 128) })),
      expected,
    );
  });

  it('keeps the high byte of 16-bit colour and grey+alpha samples', async () => {
    const sixteen = Array.from({ length: W * H * 4 }, (_, i) => (i * 7919 + 300) % 65536);
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 16, colorType: PngColor.RGB, samples: sixteen.slice(0, W * H * 3) })),
      sixteen.slice(0, W * H * 3).map((v) => v >> 8),
    );
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 16, colorType: PngColor.RGBA, samples: sixteen })),
      sixteen.filter((_, i) => i % 4 !== 3).map((v) => v >> 8),
    );
    const greyAlpha = sixteen.slice(0, W * H * 2);
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 16, colorType: PngColor.GREY_ALPHA, samples: greyAlpha })),
      greyAlpha.filter((_, i) => i % 2 === 0).flatMap((v) => [v >> 8, v >> 8, v >> 8]),
    );
  });

  it('clamps 16-bit grey to 0..255, as PIL does for mode I;16 (with or without a transparency chunk)', async () => {
    const grey = [0, 1, 200, 255, 256, 1000, 40000, 65535];
    const clamped = grey.flatMap((v) => [Math.min(v, 255), Math.min(v, 255), Math.min(v, 255)]);
    assert.deepEqual(await rgbOf(png({ bitDepth: 16, colorType: PngColor.GREY, samples: grey })), clamped);
    assert.deepEqual(
      await rgbOf(png({ bitDepth: 16, colorType: PngColor.GREY, samples: grey, transparency: Uint8Array.of(0, 200) })),
      clamped,
    );
  });

  it('ignores an embedded ICC profile, as PIL does', async () => {
    // Borrow a Display P3 profile chunk from a PNG sharp writes, and put it in a PNG of known samples.
    const tagged = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
      .png()
      .withIccProfile('p3')
      .toBuffer();
    const at = tagged.indexOf('iCCP');
    assert.ok(at > 0, 'no iCCP chunk');
    const profile = tagged.subarray(at + 4, at + 4 + tagged.readUInt32BE(at - 4));
    const withProfile = png({ bitDepth: 8, colorType: PngColor.RGB, samples: pattern, chunks: [{ type: 'iCCP', data: profile }] });
    assert.ok((await sharp(withProfile).metadata()).hasProfile);
    // Colour management would move these values; PIL leaves them as stored.
    assert.notDeepEqual([...(await sharp(withProfile).raw().toBuffer())], pattern);
    assert.deepEqual(await rgbOf(withProfile), pattern);
  });

  it('ignores EXIF orientation, as Image.open does', async () => {
    const jpeg = await sharp(Uint8Array.from(pattern), { raw: { width: W, height: H, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    assert.equal((await sharp(jpeg).metadata()).orientation, 6);
    const image = await decodeImage(jpeg);
    assert.deepEqual([image.width, image.height], [W, H]);
  });

  it('reads WebP, TIFF, AVIF and the first frame of an animated GIF', async () => {
    const raw = { raw: { width: W, height: H, channels: 3 as const } };
    const source = Uint8Array.from(pattern);
    assert.deepEqual(await rgbOf(await sharp(source, raw).webp({ lossless: true }).toBuffer()), pattern);
    assert.deepEqual(await rgbOf(await sharp(source, raw).tiff({ compression: 'lzw' }).toBuffer()), pattern);
    const avif = await decodeImage(await sharp(source, raw).avif({ lossless: true }).toBuffer());
    assert.deepEqual([avif.width, avif.height], [W, H]);

    // Two frames: the pattern, then flat grey. Only the first may come back.
    const frames = new Uint8Array(W * H * 3 * 2).fill(90);
    const first = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i % 3 === 0 ? 255 : 0));
    frames.set(first);
    const gif = await sharp(frames, { raw: { width: W, height: H * 2, channels: 3, pageHeight: H } as CreateRaw })
      .gif()
      .toBuffer();
    assert.equal((await sharp(gif).metadata()).pages, 2);
    const decoded = await decodeImage(gif);
    assert.deepEqual([decoded.width, decoded.height], [W, H]);
    assert.deepEqual([...decoded.data], [...first]);
  });

  describe('bad input', () => {
    let dir: string;
    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'decode-'));
    });
    after(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('refuses images above the pixel limit before decoding them', async () => {
      // A header that claims 20000x20000 pixels; the data behind it is tiny.
      const bomb = encodePng({ width: 20000, height: 20000, bitDepth: 1, colorType: PngColor.GREY, samples: [] });
      await assert.rejects(
        decodeImage(bomb),
        (e: Error) => e instanceof ImageDecodeError && /20000x20000 \(400 megapixels\), above the limit of 100 megapixels/.test(e.message),
      );
      await assert.rejects(
        decodeImage(png({ bitDepth: 8, colorType: PngColor.RGB, samples: pattern }), { maxPixels: 7 }),
        /above the limit/,
      );
      assert.equal((await decodeImage(png({ bitDepth: 8, colorType: PngColor.RGB, samples: pattern }), { maxPixels: 8 })).width, W);
    });

    it('names a missing file, a non-image, a truncated image and BMP', async () => {
      const missing = path.join(dir, 'missing.png');
      await assert.rejects(decodeImage(missing), (e: Error) => e instanceof ImageDecodeError && e.message === `${missing} does not exist`);
      const text = path.join(dir, 'notes.png');
      await fs.writeFile(text, 'not an image');
      await assert.rejects(
        decodeImage(text),
        (e: Error) => e instanceof ImageDecodeError && e.message.startsWith(`${text} is not an image`),
      );
      const jpeg = await sharp(Uint8Array.from(pattern), { raw: { width: W, height: H, channels: 3 } })
        .jpeg()
        .toBuffer();
      await assert.rejects(decodeImage(jpeg.subarray(0, jpeg.length - 40)), { name: 'ImageDecodeError', message: /be decoded \(/ });
      const bmp = new Uint8Array(70);
      bmp.set([0x42, 0x4d]);
      await assert.rejects(decodeImage(bmp), /BMP/);
    });

    it('refuses an image of the wrong size when resizing is off', async () => {
      const config = parseImageProcessorConfig({ do_resize: false, size: { height: 3, width: 3 } });
      await assert.rejects(preprocessImage(png({ bitDepth: 8, colorType: PngColor.RGB, samples: pattern }), config), /do_resize is off/);
      const fits = parseImageProcessorConfig({ do_resize: false, size: { height: H, width: W } });
      assert.equal((await preprocessImage(png({ bitDepth: 8, colorType: PngColor.RGB, samples: pattern }), fits)).length, W * H * 3);
    });
  });

  describe('SVG', () => {
    let server: http.Server;
    let requests: string[];
    let port: number;
    let dir: string;
    before(async () => {
      requests = [];
      server = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'svg-'));
      await fs.writeFile(
        path.join(dir, 'red.png'),
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
          .png()
          .toBuffer(),
      );
    });
    after(async () => {
      server.close();
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('rasterises onto white and fetches nothing: no network, no files, not even beside the SVG', async () => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="50" height="20">
        <style>@import url(http://127.0.0.1:${port}/style.css);</style>
        <image x="0" y="0" width="10" height="10" href="http://127.0.0.1:${port}/a.png"/>
        <image x="10" y="0" width="10" height="10" xlink:href="http://127.0.0.1:${port}/b.png"/>
        <image x="20" y="0" width="10" height="10" href="file://${path.join(dir, 'red.png')}"/>
        <image x="30" y="0" width="10" height="10" href="red.png"/>
        <use href="http://127.0.0.1:${port}/sprite.svg#shape"/>
        <rect x="0" y="10" width="50" height="10" fill="#0000ff"/>
      </svg>`;
      const file = path.join(dir, 'drawing.svg');
      await fs.writeFile(file, svg);
      const image = await decodeImage(file);
      assert.deepEqual([image.width, image.height], [50, 20]);
      const pixel = (x: number, y: number): number[] => [...image.data.subarray((y * 50 + x) * 3, (y * 50 + x) * 3 + 3)];
      for (const x of [5, 15, 25, 35, 45]) assert.deepEqual(pixel(x, 5), [255, 255, 255], `x=${x} should be the white background`);
      assert.deepEqual(pixel(25, 15), [0, 0, 255]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(requests, []);
    });

    it('refuses external XML entities without fetching them', async () => {
      const svg = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY remote SYSTEM "http://127.0.0.1:${port}/entity">]>
        <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&remote;</text></svg>`;
      await decodeImage(new TextEncoder().encode(svg)).then(
        (image) => assert.equal(image.width, 10),
        (error: Error) => assert.ok(error instanceof ImageDecodeError),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(requests, []);
    });
  });
});
