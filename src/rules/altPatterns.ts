import { decodeUriComponentOrKeep } from '../markdown/decodeUri';

/**
 * What alt text that says nothing looks like. The scanner's alt state and the rules read the same
 * patterns, so that an image the JSON calls `placeholder` is always one `placeholder-alt` or
 * `filename-alt` reports, and the reverse.
 */

/** Which rule an unhelpful alt text falls under, and why it says nothing. */
export interface PlaceholderVerdict {
  rule: 'placeholder-alt' | 'filename-alt';
  reason: string;
}

// Words that say only "there is an image here": they add nothing a screen reader does not already say.
const GENERIC_WORDS = new Set([
  'image',
  'img',
  'picture',
  'pic',
  'photo',
  'photograph',
  'screenshot',
  'screen shot',
  'screencast',
  'graphic',
  'untitled',
  'placeholder',
  'alt',
  'alt text',
  'image alt text',
  'enter alt text',
  'add alt text',
  'insert alt text',
  'image description',
  'description',
  'image of',
  'picture of',
  'photo of',
  'photograph of',
]);
// Notes to self that were never replaced.
// "TODO", "TBD.", "FIXME: describe the chart", "TODO (alt)"; not "Todo list app".
const TODO_WORDS = /^(?:(?:todo|fixme|tbd|tbc|xxx)(?:[\s.!?]*|\s*[:(-].*)|lorem ipsum\b.*)$/i;
// "image 2", "screenshot-3": a generic word with a counter is still generic.
const GENERIC_WITH_NUMBER = /^(.+?)[\s_-]*\d+$/;
// File names cameras and phones give: IMG_1234, DSC0001, DSCN0042, PXL_20240101_123456789, GOPR0001.
const CAMERA_NAME = /^(?:img|dsc[nf]?|dcim|pxl|mvimg|gopr|dji|sam|wp|p)[_-]?\d{3,}(?:[_-]\d+)*(?:[_.~-][a-z0-9]+)?$/i;
// Screenshot and screen-recording tools: "Screenshot 2024-05-01 at 10.12.13" (macOS),
// "Screen Shot 2020-01-01 at ..." (older macOS), "Screenshot from 2024-05-01 10-12-13" (GNOME),
// "Screencast from 2024-05-01 ..." (GNOME), "Screenshot_20240501-101213" (Android).
const SCREENSHOT_NAME = /^(?:screen ?shot|screencast|screen recording)(?:[\s_-]+from)?[\s_-]*\d{4}-?\d{2}-?\d{2}\b/i;
// A content hash or an id rather than words: hex of 7 or more digits with at least one digit, a UUID.
const UUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;
const HEX_HASH = /^(?=[a-f]*\d)[0-9a-f]{7,}$/i;
// An upload id or base62 token ("a8kx2lm9qpz3w7"): one long run of letters and at least three digits.
const OPAQUE_TOKEN = /^(?=(?:[a-z]*\d){3})(?=\d*[a-z])[a-z0-9]{12,}$/i;

/** Extensions of image files, for alt text such as "diagram.png" or "My holiday photo.jpg". */
export const IMAGE_EXTENSIONS = [
  'png',
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'gif',
  'webp',
  'avif',
  'svg',
  'bmp',
  'ico',
  'tif',
  'tiff',
  'heic',
  'heif',
] as const;
// Other files whose names end up as alt text by copy and paste: documents, pages, media, archives, code.
const OTHER_EXTENSIONS = [
  'pdf',
  'doc',
  'docx',
  'ppt',
  'pptx',
  'xls',
  'xlsx',
  'csv',
  'txt',
  'md',
  'mdx',
  'html',
  'htm',
  'xml',
  'json',
  'yaml',
  'yml',
  'mp4',
  'mov',
  'webm',
  'mkv',
  'avi',
  'mp3',
  'wav',
  'zip',
  'gz',
  'tgz',
  'psd',
  'ai',
  'sketch',
  'fig',
  'drawio',
  'excalidraw',
  'js',
  'ts',
  'py',
];
const IMAGE_FILE = new RegExp(`\\.(?:${IMAGE_EXTENSIONS.join('|')})$`, 'i');
const ANY_FILE = new RegExp(`^[^\\s/\\\\]+\\.(?:${[...IMAGE_EXTENSIONS, ...OTHER_EXTENSIONS].join('|')})$`, 'i');
// A product name that happens to end like a file: "Node.js", "Chart.js", "Socket.IO".
const PRODUCT_NAME = /^[A-Z][a-z]+\.[a-z]+$/;
// A file's stem as people and tools write them: lowercase words joined by - or _, with a digit, an
// underscore or at least three parts ("email-success-formatted", "fig_3", "step-2").
const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)+$/;

/**
 * Why `alt` tells nothing about the image whose source is `src`, under which rule, or undefined
 * when it may well be useful. The first pattern that applies gives the reason.
 */
export function placeholderVerdict(alt: string, src: string, extraPlaceholders: readonly string[] = []): PlaceholderVerdict | undefined {
  const text = normalize(alt);
  const placeholder = (reason: string): PlaceholderVerdict => ({ rule: 'placeholder-alt', reason });
  if (text === '') return undefined;
  if (extraPlaceholders.some((p) => normalize(p) === text)) return placeholder('is in the configured placeholder list');
  const file = fileNameOf(src);
  if (file) {
    if (text === file.name) return placeholder('equals the file name');
    if (file.stem && text === file.stem) return placeholder('equals the file name without its extension');
  }
  if (src && text === normalize(src)) return placeholder('equals the image source');
  if (CAMERA_NAME.test(text) || CAMERA_NAME.test(text.replace(IMAGE_FILE, ''))) return placeholder('is a camera file name');
  if (GENERIC_WORDS.has(text)) return placeholder(`is the generic word "${text}"`);
  const numbered = GENERIC_WITH_NUMBER.exec(text);
  if (numbered && GENERIC_WORDS.has(numbered[1])) return placeholder(`is the generic word "${numbered[1]}" with a number`);
  if (SCREENSHOT_NAME.test(text)) return placeholder('is a screenshot file name');
  if (TODO_WORDS.test(text)) return placeholder('is a note to write it later');
  const bare = text.replace(/\.[a-z0-9]{2,5}$/, '');
  if (UUID.test(bare)) return placeholder('is a UUID, not words');
  if (HEX_HASH.test(bare) || OPAQUE_TOKEN.test(bare)) return placeholder('is a hash or an id, not words');
  if (looksLikeFileName(alt.trim())) return { rule: 'filename-alt', reason: 'looks like a file name' };
  if (IMAGE_FILE.test(text)) return placeholder('ends with an image file extension');
  return undefined;
}

/** Alt text written as a file name without white space: `email-success-formatted.png`, `report.pdf`, `fig_3`. */
export function looksLikeFileName(alt: string): boolean {
  if (ANY_FILE.test(alt)) return !PRODUCT_NAME.test(alt);
  if (!SLUG.test(alt)) return false;
  const parts = alt.split(/[-_]/);
  return alt.includes('_') || parts.length >= 3 || parts.some((part) => /\d/.test(part));
}

export function normalize(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The last path segment of a source, decoded, lowercased, with and without its extension. */
export function fileNameOf(src: string): { name: string; stem: string } | undefined {
  if (/^data:/i.test(src.trim())) return undefined;
  const path = src.trim().replace(/[?#].*$/s, '');
  const segment = path.slice(path.lastIndexOf('/') + 1);
  if (!segment) return undefined;
  const name = normalize(decodeUriComponentOrKeep(segment));
  const dot = name.lastIndexOf('.');
  return { name, stem: dot > 0 ? name.slice(0, dot) : '' };
}

// Openings that only say "this is an image", which screen readers announce already.
const REDUNDANT_PREFIX =
  /^(?:(?:an?|the) )?(?:image|picture|pic|photo|photograph|graphic|illustration) (?:of|showing|depicting)\b[\s:,-]*/i;

/** The redundant opening of `alt` ("Picture of ") and the alt without it, when it has one and more follows. */
export function redundantPrefix(alt: string): { prefix: string; rest: string } | undefined {
  const text = alt.trim();
  const match = REDUNDANT_PREFIX.exec(text);
  if (!match) return undefined;
  const rest = text.slice(match[0].length).trim();
  return rest ? { prefix: match[0].trim(), rest } : undefined;
}
