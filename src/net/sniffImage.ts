/**
 * The image format of `bytes` from their content alone, as a MIME type; undefined when they are
 * not an image this tool reads. A server's Content-Type is not trusted: an HTML error page sent
 * as image/png, or an image sent as text/plain, is judged by what it is.
 *
 * The byte patterns are those of the WHATWG MIME Sniffing standard's image type pattern matching
 * (PNG, JPEG, GIF, WebP, BMP, ICO), plus TIFF and the ISO-BMFF brands of AVIF and HEIF, and SVG as
 * an XML document whose root element is `svg`.
 */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const starts = (offset: number, ...signature: number[]) =>
    bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
  const ascii = (offset: number, text: string) => starts(offset, ...[...text].map((c) => c.charCodeAt(0)));
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBPVP')) return 'image/webp';
  if (ascii(0, 'BM')) return 'image/bmp';
  if (starts(0, 0x00, 0x00, 0x01, 0x00) || starts(0, 0x00, 0x00, 0x02, 0x00)) return 'image/x-icon';
  if (starts(0, 0x49, 0x49, 0x2a, 0x00) || starts(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff';
  const brand = isoBrand(bytes);
  if (brand) return brand;
  if (looksLikeSvg(bytes)) return 'image/svg+xml';
  return undefined;
}

/** AVIF and HEIF are ISO-BMFF files: an `ftyp` box first, whose major or compatible brands say which. */
function isoBrand(bytes: Uint8Array): string | undefined {
  if (bytes.length < 16 || String.fromCharCode(...bytes.subarray(4, 8)) !== 'ftyp') return undefined;
  const boxSize = Math.min(((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0, bytes.length, 4096);
  const brands: string[] = [String.fromCharCode(...bytes.subarray(8, 12))];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(String.fromCharCode(...bytes.subarray(at, at + 4)));
  if (brands.some((b) => b === 'avif' || b === 'avis')) return 'image/avif';
  if (brands.some((b) => ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(b))) return 'image/heif';
  return undefined;
}

/** An XML prolog, comments and a doctype may come first; then the root element must be `<svg`. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE\s+svg[^>]*>\s*|<\?[\s\S]*?\?>\s*)*<svg[\s>/]/i.test(head);
}
