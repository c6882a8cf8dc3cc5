import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sniffImageType } from '../../../src/net/sniffImage';

const images = path.join(__dirname, '../../fixtures/blip-reference/images');

describe('image type sniffing', () => {
  it('knows PNG and JPEG from their bytes', () => {
    assert.equal(sniffImageType(readFileSync(path.join(images, 'one-pixel.png'))), 'image/png');
    assert.equal(sniffImageType(readFileSync(path.join(images, 'coffee-q90.jpg'))), 'image/jpeg');
  });

  it('knows GIF, WebP and SVG, and nothing else', () => {
    assert.equal(sniffImageType(Buffer.from('GIF89a......')), 'image/gif');
    assert.equal(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
    assert.equal(sniffImageType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')), 'image/svg+xml');
    assert.equal(sniffImageType(Buffer.from('<html><body>not an image</body></html>')), undefined);
    assert.equal(sniffImageType(new Uint8Array(0)), undefined);
  });
});
