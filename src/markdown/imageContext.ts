import type { ImageContext, ImageRef } from './types';

/** Visible text as the rules compare it: white space collapsed to single spaces, trimmed. */
export function collapseWhiteSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A length as markup gives it, in CSS pixels: a bare number or `px` (HTML's width and height
 * attributes, Pandoc, MyST, Asciidoctor), or an absolute unit (`in`, `cm`, `mm`, `pt`, `pc`) at
 * CSS's 96 pixels per inch. Relative lengths (`50%`, `em`) and anything else give undefined.
 */
export function cssPixels(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(px|in|inch|cm|mm|pt|pc)?\s*$/i.exec(value);
  if (!match) return undefined;
  const number = Number(match[1]);
  const perUnit: Record<string, number> = { px: 1, in: 96, inch: 96, cm: 96 / 2.54, mm: 96 / 25.4, pt: 96 / 72, pc: 16 };
  return Math.round(number * perUnit[(match[2] ?? 'px').toLowerCase()] * 100) / 100;
}

/**
 * HTML's rules for parsing dimension values, as browsers read `width` and `height` on `<img>`:
 * leading digits (and a fraction) are pixels, whatever follows them; a `%` right after makes it a
 * percentage, which has no pixel size; zero and values without digits are ignored.
 */
export function htmlDimension(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^[\t\n\f\r ]*(\d+(?:\.\d+)?)(%?)/.exec(value);
  if (!match || match[2] === '%') return undefined;
  const number = Number(match[1]);
  return number > 0 ? number : undefined;
}

/** A size from a width and a height, or undefined when neither is known. */
export function sizeOf(width: number | undefined, height: number | undefined): ImageContext['size'] {
  if (width === undefined && height === undefined) return undefined;
  const size: NonNullable<ImageContext['size']> = {};
  if (width !== undefined) size.width = width;
  if (height !== undefined) size.height = height;
  return size;
}

/** A link that markup gives by its destination alone (a `link` option or attribute): no text of its own. */
export function linkTo(href: string | undefined): ImageContext['link'] {
  return href !== undefined ? { kind: 'link', href, text: '' } : undefined;
}

/** The context with its unknown fields left out, or undefined when nothing is known. */
export function contextOf(fields: ImageContext): ImageContext | undefined {
  const context: ImageContext = {};
  if (fields.link) context.link = fields.link;
  if (fields.title !== undefined && fields.title.trim() !== '') context.title = fields.title;
  if (fields.caption !== undefined && fields.caption.trim() !== '') context.caption = fields.caption;
  if (fields.size) context.size = fields.size;
  if (fields.besideText) context.besideText = true;
  return Object.keys(context).length ? context : undefined;
}

/** Sets (or merges into) an image's context; the fields given win, those left undefined change nothing. */
export function addContext(image: ImageRef, fields: ImageContext): ImageRef {
  const merged: ImageContext = { ...image.context };
  for (const [key, value] of Object.entries(fields) as Array<[keyof ImageContext, ImageContext[keyof ImageContext]]>)
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  const context = contextOf(merged);
  if (context) image.context = context;
  else delete image.context;
  return image;
}
