import { judgeAlt } from '../altState';
import type { ScanOptions } from '../scanOptions';
import { addContext, linkTo } from '../imageContext';
import type { DirectiveAltSite, ImageRef } from '../types';
import { blankLineFollows } from './blankLine';
import { named, readParameters, type ParameterSyntax } from './namedParameters';

const LEARN_PARAMETERS: ParameterSyntax = { quotes: '"', name: /[\w-]/, backslashEscapes: 'none', unquotedStop: /[:"]/ };
const IMAGE_OPENING = /:::image(?=[ \t])/g;

/**
 * Microsoft Learn (docfx) images: `:::image type="content" source="a.png" alt-text="…":::`. The
 * alt is `alt-text`; `type="icon"` marks a decorative image, which needs none.
 */
export function learnImages(text: string, options: ScanOptions, skip: (offset: number) => boolean): ImageRef[] {
  const images: ImageRef[] = [];
  for (const match of text.matchAll(IMAGE_OPENING)) {
    const start = match.index!;
    if (skip(start)) continue;
    const parametersStart = start + match[0].length;
    const close = closingColons(text, parametersStart);
    if (close === undefined) continue;
    const parameters = readParameters(text, parametersStart, close, LEARN_PARAMETERS);
    const value = (name: string): string | undefined => {
      const parameter = named(parameters, name);
      return parameter && decodeEntities(text.slice(parameter.value.start, parameter.value.end));
    };
    const altParameter = named(parameters, 'alt-text');
    const sourceParameter = named(parameters, 'source');
    const src = value('source') ?? '';
    const alt = value('alt-text') ?? null;
    const site: DirectiveAltSite = {
      kind: 'directive',
      dialect: 'learn',
      opening: ':::image',
      value: altParameter && { range: altParameter.value, quote: altParameter.quote },
      insert: { at: (sourceParameter ?? parameters[parameters.length - 1])?.range.end ?? parametersStart, before: ' alt-text=', after: '' },
    };
    const declaredDecorative = value('type')?.toLowerCase() === 'icon';
    const judged = judgeAlt({ alt, src, declaredDecorative, emptyMeans: 'empty', extraPlaceholders: options.extraPlaceholders });
    const image: ImageRef = { range: { start, end: close + 3 }, syntax: 'learn-image', src, alt, ...judged, altSite: site };
    // `link` makes the image a link; `lightbox` only opens the same picture larger, which the alt already describes.
    images.push(addContext(image, { link: linkTo(value('link')) }));
  }
  return images;
}

// The opening ends at `:::` outside a quoted value, on its own line or a following one.
function closingColons(text: string, from: number): number | undefined {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"' && !blankLineFollows(text, end)) end++;
      if (text[end] !== '"') return undefined;
      i = end;
    } else if (text.startsWith(':::', i)) {
      return i;
    } else if (blankLineFollows(text, i)) {
      return undefined;
    }
  }
  return undefined;
}

const NAMED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

/** Character references as docfx writes them into the page's HTML, where a browser reads them back. */
export function decodeEntities(value: string): string {
  return value.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi,
    (whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
      if (name) return NAMED[name.toLowerCase()] ?? whole;
      const code = parseInt(hex ?? decimal!, hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}
