/** A small preview of an image as a data: URI, which every workbench (desktop, remote, web) can show. */
const MAX_WIDTH = 320;
const MAX_HEIGHT = 128;
const KEEP = 64;

const made = new Map<string, Promise<string | undefined>>();

/**
 * Scales an image down to hover size with sharp (loaded on first use; the work runs on libuv's
 * thread pool, not the extension host's thread). Undefined for what sharp cannot read. Recent
 * previews are kept by content hash.
 */
export function thumbnailDataUri(bytes: Uint8Array, imageSha256: string): Promise<string | undefined> {
  let thumbnail = made.get(imageSha256);
  if (!thumbnail) {
    thumbnail = render(bytes);
    made.set(imageSha256, thumbnail);
    if (made.size > KEEP) made.delete(made.keys().next().value as string);
  }
  return thumbnail;
}

async function render(bytes: Uint8Array): Promise<string | undefined> {
  try {
    const sharp = (await import('sharp')).default;
    const image = sharp(bytes, { animated: false, limitInputPixels: 100_000_000 })
      .rotate()
      .resize(MAX_WIDTH, MAX_HEIGHT, { fit: 'inside', withoutEnlargement: true });
    const { hasAlpha } = await sharp(bytes, { animated: false, limitInputPixels: 100_000_000 }).metadata();
    const output = hasAlpha ? image.png({ compressionLevel: 9 }) : image.jpeg({ quality: 80 });
    const buffer = await output.toBuffer();
    return `data:image/${hasAlpha ? 'png' : 'jpeg'};base64,${buffer.toString('base64')}`;
  } catch {
    return undefined;
  }
}
