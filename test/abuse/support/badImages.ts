import * as fs from 'node:fs';
import * as path from 'node:path';
import { createDeflate } from 'node:zlib';
import sharp from 'sharp';
import { encodePng, PngColor } from '../../helpers/png-writer';

/**
 * The bad-image corpus, made at test time (nothing large is committed): each case is a file the
 * CLI may be pointed at, and what must become of it. `caption`: it is an image the pipeline must
 * read and caption; `refuse`: it must be refused with a message matching `message`, which the
 * CLI prints next to the file's name.
 */
export interface ImageCase {
  /** File name under the corpus folder. */
  name: string;
  what: string;
  expect: 'caption' | 'refuse';
  message?: RegExp;
  /** Makes the file (or folder, FIFO, sparse file) at `file`. */
  make(file: string, env: CorpusEnvironment): Promise<void>;
}

const SIDE = 48;

/** A deterministic RGB pattern: enough structure for every encoder to produce a real image. */
function pattern(width = SIDE, height = SIDE, channels = 3): Buffer {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x ^ y) * 7) & 0xff;
      if (channels === 4) data[i + 3] = x < width / 2 ? 0 : 255;
    }
  }
  return data;
}

const encoded = (format: 'png' | 'jpeg' | 'gif' | 'webp' | 'avif' | 'tiff'): Promise<Buffer> =>
  sharp(pattern(), { raw: { width: SIDE, height: SIDE, channels: 3 } })
    .toFormat(format)
    .toBuffer();

const write = (bytes: Uint8Array) => async (file: string) => fs.promises.writeFile(file, bytes);
const truncated = (format: Parameters<typeof encoded>[0]) => async (file: string) => {
  const bytes = await encoded(format);
  await fs.promises.writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
};

/**
 * A real decompression bomb: a valid 1-bit PNG of width x height black pixels, whose image data
 * inflates to (width/8 + 1) x height bytes but deflates to a few hundred kilobytes. Streamed, so
 * making it never holds the inflated rows.
 */
export async function pngBomb(width: number, height: number): Promise<Uint8Array> {
  const rowBytes = Math.ceil(width / 8) + 1;
  const rowsPerChunk = 256;
  const zeros = Buffer.alloc(rowBytes * rowsPerChunk);
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  for (let row = 0; row < height; row += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, height - row);
    if (!deflate.write(zeros.subarray(0, rows * rowBytes))) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  // The project's PNG writer makes the chunks; its own (empty) image data is swapped for the bomb's.
  const shell = encodePng({ width: 1, height: 1, bitDepth: 1, colorType: PngColor.GREY, samples: [0] });
  return withIdat(shell, width, height, Buffer.concat(parts));
}

function withIdat(png: Uint8Array, width: number, height: number, idat: Buffer): Uint8Array {
  const chunk = (type: string, data: Buffer): Buffer => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc(Buffer.concat([Buffer.from(type, 'latin1'), data])), 8 + data.length);
    return out;
  };
  const header = Buffer.from(png.subarray(16, 29)); // IHDR data
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  return Buffer.concat([Buffer.from(png.subarray(0, 8)), chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function crc(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A small JPEG whose frame header declares width x height: the bomb as a header alone. */
async function jpegDeclaring(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(await encoded('jpeg'));
  for (let i = 2; i + 9 < jpeg.length;) {
    if (jpeg[i] !== 0xff) throw new Error('unexpected JPEG layout');
    const marker = jpeg[i + 1];
    if (marker >= 0xc0 && marker <= 0xc2) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg;
    }
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
  throw new Error('no frame header in the JPEG');
}

export interface CorpusEnvironment {
  /** Origin of a counting listener that SVG references point at. */
  listenerOrigin: string;
  /** A path (an open probe) that SVG file references point at. */
  probePath: string;
}

export function imageCases(): ImageCase[] {
  const undecodable = /cannot be decoded|not an image that can be decoded/;
  return [
    { name: 'zero.png', what: 'zero bytes', expect: 'refuse', message: /is empty \(0 bytes\)/, make: write(new Uint8Array(0)) },
    { name: 'truncated.png', what: 'truncated PNG', expect: 'refuse', message: undecodable, make: truncated('png') },
    { name: 'truncated.jpg', what: 'truncated JPEG', expect: 'refuse', message: undecodable, make: truncated('jpeg') },
    { name: 'truncated.gif', what: 'truncated GIF', expect: 'refuse', message: undecodable, make: truncated('gif') },
    { name: 'truncated.webp', what: 'truncated WebP', expect: 'refuse', message: undecodable, make: truncated('webp') },
    { name: 'truncated.avif', what: 'truncated AVIF', expect: 'refuse', message: undecodable, make: truncated('avif') },
    { name: 'truncated.tif', what: 'truncated TIFF', expect: 'refuse', message: undecodable, make: truncated('tiff') },
    {
      name: 'text.png',
      what: 'text named .png',
      expect: 'refuse',
      message: /is not an image that can be decoded/,
      make: write(Buffer.from('# not an image\n')),
    },
    { name: 'jpeg-named.png', what: 'JPEG named .png', expect: 'caption', make: async (file) => write(await encoded('jpeg'))(file) },
    { name: 'png-named.gif', what: 'PNG named .gif', expect: 'caption', make: async (file) => write(await encoded('png'))(file) },
    {
      name: 'bomb-50000.png',
      what: 'decompression bomb: valid 1-bit PNG, 50000x50000',
      expect: 'refuse',
      message: /50000x50000 \(2500 megapixels\), above the limit/,
      make: async (file) => write(await pngBomb(50000, 50000))(file),
    },
    {
      name: 'bomb-50000.jpg',
      what: 'JPEG declaring 50000x50000',
      expect: 'refuse',
      message: /50000x50000 \(2500 megapixels\), above the limit/,
      make: async (file) => write(await jpegDeclaring(50000, 50000))(file),
    },
    {
      name: 'large-8000.png',
      what: 'valid 8000x8000 PNG',
      expect: 'caption',
      make: async (file) =>
        void (await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#3366cc' } })
          .png()
          .toFile(file)),
    },
    {
      name: 'animated.gif',
      what: 'animated GIF, three frames',
      expect: 'caption',
      make: async (file) =>
        void (await sharp(pattern(SIDE, SIDE * 3), { raw: { width: SIDE, height: SIDE * 3, channels: 3, pageHeight: SIDE } } as Parameters<
          typeof sharp
        >[1])
          .gif({ loop: 0, delay: [100, 100, 100] })
          .toFile(file)),
    },
    {
      name: 'deep-16bit.png',
      what: '16-bit RGB PNG',
      expect: 'caption',
      make: write(
        encodePng({
          width: SIDE,
          height: SIDE,
          bitDepth: 16,
          colorType: PngColor.RGB,
          samples: Array.from(pattern(), (v, i) => v * 257 + (i % 255)),
        }),
      ),
    },
    {
      name: 'cmyk.jpg',
      what: 'CMYK JPEG',
      expect: 'caption',
      make: async (file) =>
        void (await sharp(pattern(), { raw: { width: SIDE, height: SIDE, channels: 3 } })
          .toColourspace('cmyk')
          .jpeg()
          .toFile(file)),
    },
    {
      name: 'exif-rotated.jpg',
      what: 'JPEG with EXIF orientation 6',
      expect: 'caption',
      make: async (file) =>
        void (await sharp(pattern(), { raw: { width: SIDE, height: SIDE, channels: 3 } })
          .jpeg()
          .withMetadata({ orientation: 6 })
          .toFile(file)),
    },
    {
      name: 'palette-alpha.png',
      what: 'palette PNG with transparency',
      expect: 'caption',
      make: write(
        encodePng({
          width: 4,
          height: 4,
          bitDepth: 8,
          colorType: PngColor.PALETTE,
          samples: [0, 1, 2, 3, 1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2],
          palette: [
            [255, 0, 0],
            [0, 255, 0],
            [0, 0, 255],
            [255, 255, 0],
          ],
          transparency: Uint8Array.of(0, 128),
        }),
      ),
    },
    {
      name: 'external-refs.svg',
      what: 'SVG referencing a local listener and files',
      expect: 'caption',
      make: (file, { listenerOrigin, probePath }) =>
        write(
          Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">
  <style>@import url(${listenerOrigin}/style.css); rect { fill: url(${listenerOrigin}/paint.svg#p) }</style>
  <image width="32" height="32" href="${listenerOrigin}/photo.png"/>
  <image x="32" width="32" height="32" xlink:href="${listenerOrigin}/photo2.png"/>
  <image y="32" width="32" height="32" href="file://${probePath}"/>
  <image x="32" y="32" width="32" height="32" href="${path.basename(probePath)}"/>
  <use href="${listenerOrigin}/sprite.svg#shape"/>
  <rect x="16" y="16" width="32" height="32"/>
</svg>`),
        )(file),
    },
    {
      name: 'blur.svg',
      what: 'SVG with a huge blur (unbounded rendering time)',
      expect: 'refuse',
      message: /SVG with filter effects/,
      make: write(
        Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="9000"><filter id="f"><feGaussianBlur stdDeviation="900"/></filter><rect width="9000" height="9000" filter="url(#f)"/></svg>',
        ),
      ),
    },
    {
      name: 'entities.svg',
      what: 'SVG with nested XML entities (billion laughs)',
      expect: 'refuse',
      // libxml2 refuses the amplification itself, before the entity check sees the file.
      message: /declares XML entities|entity amplification factor exceeded/,
      make: write(
        Buffer.from(
          `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">${['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((e, i) => `<!ENTITY ${e} "${`&${'abcdefg'[i]};`.repeat(10)}">`).join('')}]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text y="9">&h;</text></svg>`,
        ),
      ),
    },
    {
      name: 'folder.png',
      what: 'a folder named .png',
      expect: 'refuse',
      message: /not a regular file \(a folder\)/,
      make: async (file) => fs.promises.mkdir(file),
    },
    {
      name: 'fifo.png',
      what: 'a FIFO named .png',
      expect: 'refuse',
      message: /not a regular file \(a named pipe\)/,
      make: async (file) => void (await import('node:child_process')).execFileSync('mkfifo', [file]),
    },
    {
      name: 'sparse-1500mb.png',
      what: 'a 1.5 GB file (sparse: no disk used)',
      expect: 'refuse',
      message: /1536 MB, more than the 50 MB limit/,
      make: async (file) => {
        await fs.promises.writeFile(file, await encoded('png'));
        await fs.promises.truncate(file, 1536 * 1024 * 1024);
      },
    },
  ];
}
