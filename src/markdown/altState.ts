import type { AltState } from './types';
import { decodeUriComponentOrKeep } from './decodeUri';

export interface AltJudgement {
  altState: AltState;
  reason?: string;
}

export interface AltFacts {
  /** The alt text as it means, or null when the image has none at all. */
  alt: string | null;
  src: string;
  /** The writer said the image is decorative (ARIA role/hidden, or our Markdown marker). */
  declaredDecorative: boolean;
  /** An empty alt in Markdown can only mean "forgot", unless the writer configured otherwise. */
  emptyMeans: 'missing' | 'empty' | 'decorative';
  extraPlaceholders?: readonly string[];
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
  'graphic',
  'untitled',
  'placeholder',
  'alt',
  'alt text',
]);
// "image 2", "screenshot-3": a generic word with a counter is still generic.
const GENERIC_WITH_NUMBER = /^(.+?)[\s_-]*\d+$/;
// File names cameras and phones give: IMG_1234, DSC0001, DSCN0042, PXL_20240101_123456789, GOPR0001.
const CAMERA_NAME = /^(?:img|dsc[nf]?|dcim|pxl|mvimg|gopr|dji|sam|wp|p)[_-]?\d{3,}(?:[_-]\d+)*(?:[_.~-][a-z0-9]+)?$/i;
// Screenshot tools name files "Screenshot 2024-05-01 at 10.12.13" or "Screen Shot 2020-01-01 ...".
const SCREENSHOT_NAME = /^screen ?shot[\s_-]*\d{4}-\d{2}-\d{2}\b/i;
const REDUNDANT_PREFIX = /^(?:an? )?(image|picture|photo|photograph) of\b/i;

/** Decides which state an image's alt text is in, and why when it is a placeholder. */
export function judgeAlt(facts: AltFacts): AltJudgement {
  if (facts.declaredDecorative) return { altState: 'decorative' };
  if (facts.alt === null) return { altState: 'missing' };
  if (facts.alt.trim() === '') return { altState: facts.emptyMeans };
  const reason = placeholderReason(facts.alt, facts.src, facts.extraPlaceholders ?? []);
  return reason ? { altState: 'placeholder', reason } : { altState: 'ok' };
}

/** Why `alt` tells nothing about the image, or undefined when it may well be useful. */
export function placeholderReason(alt: string, src: string, extraPlaceholders: readonly string[]): string | undefined {
  const text = normalize(alt);
  if (extraPlaceholders.some((p) => normalize(p) === text)) return 'is in the configured placeholder list';
  const file = fileNameOf(src);
  if (file) {
    if (text === file.name) return 'equals the file name';
    if (file.stem && text === file.stem) return 'equals the file name without its extension';
  }
  if (src && text === normalize(src)) return 'equals the image source';
  if (CAMERA_NAME.test(text)) return 'is a camera file name';
  if (GENERIC_WORDS.has(text)) return `is the generic word "${text}"`;
  const numbered = GENERIC_WITH_NUMBER.exec(text);
  if (numbered && GENERIC_WORDS.has(numbered[1])) return `is the generic word "${numbered[1]}" with a number`;
  if (SCREENSHOT_NAME.test(text)) return 'is a screenshot file name';
  const prefix = REDUNDANT_PREFIX.exec(text);
  if (prefix) return `starts with "${prefix[0]}", which screen readers already announce`;
  return undefined;
}

function normalize(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The last path segment of a source, decoded, lowercased, with and without its extension. */
function fileNameOf(src: string): { name: string; stem: string } | undefined {
  if (/^data:/i.test(src.trim())) return undefined;
  const path = src.trim().replace(/[?#].*$/s, '');
  const segment = path.slice(path.lastIndexOf('/') + 1);
  if (!segment) return undefined;
  const name = normalize(decodeUriComponentOrKeep(segment));
  const dot = name.lastIndexOf('.');
  return { name, stem: dot > 0 ? name.slice(0, dot) : '' };
}
