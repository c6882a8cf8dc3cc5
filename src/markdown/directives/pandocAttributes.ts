import { judgeAlt } from '../altState';
import type { ScanOptions } from '../scanOptions';
import { addContext, cssPixels, sizeOf } from '../imageContext';
import type { DirectiveAltSite, ImageRef } from '../types';
import { blankLineFollows } from './blankLine';
import { named, readParameters, unescapeQuoted, type Parameter, type ParameterSyntax } from './namedParameters';

const PANDOC_PARAMETERS: ParameterSyntax = { quotes: '"\'', name: /[\w:.-]/, backslashEscapes: 'all', unquotedStop: /[}"']/ };

/**
 * Pandoc and Quarto image attributes: `![caption](a.png){#fig-a fig-alt="…" width=50%}`. The
 * attribute block must follow the image directly. With `fig-alt` the bracket text is the figure's
 * caption and `fig-alt` is the alt; without it the bracket text is both, and a new alt goes into
 * the block as `fig-alt`, so the caption stays as written. kramdown's `{: …}` blocks are not Pandoc's.
 */
export function withPandocAttributes(text: string, image: ImageRef, options: ScanOptions): ImageRef {
  if (image.syntax !== 'markdown-inline') return image;
  const block = pandocAttributeBlock(text, image.range.end);
  if (!block) return image;
  const { open, close, parameters } = block;
  const last = parameters[parameters.length - 1];
  const figAlt = named(parameters, 'fig-alt');
  const site: DirectiveAltSite = {
    kind: 'directive',
    dialect: 'pandoc',
    opening: '![',
    value: figAlt && { range: figAlt.value, quote: figAlt.quote },
    insert: { at: last?.range.end ?? open + 1, before: last ? ' fig-alt=' : 'fig-alt=', after: '' },
  };
  const range = { start: image.range.start, end: close + 1 };
  const raw = (name: string): string | undefined => {
    const parameter = named(parameters, name);
    return parameter && unescapeQuoted(text.slice(parameter.value.start, parameter.value.end), parameter.quote, 'all');
  };
  const size = sizeOf(cssPixels(raw('width')), cssPixels(raw('height')));
  if (!figAlt) {
    // The bracket text is the alt, judged as Markdown; the edit adds fig-alt.
    return addContext({ ...image, range, syntax: 'pandoc-attr', altSite: site }, { size });
  }
  // An image alone in its paragraph is a figure, whose caption is the bracket text (fig-alt gives the alt).
  const figure = !image.context?.besideText && !image.context?.link;
  const caption = figure ? (image.alt ?? undefined) : undefined;
  const alt = unescapeQuoted(text.slice(figAlt.value.start, figAlt.value.end), figAlt.quote, 'all');
  const judged = judgeAlt({
    alt,
    src: image.src,
    declaredDecorative: false,
    emptyMeans: 'empty',
    extraPlaceholders: options.extraPlaceholders,
  });
  const { reason: _reason, ...rest } = image;
  return addContext({ ...rest, range, syntax: 'pandoc-attr', alt, ...judged, altSite: site }, { size, caption });
}

/**
 * The Pandoc attribute block that starts right at `open` (just after an inline image), or undefined
 * when there is none there: the scanner's walk uses it too, since the block is no text a reader sees.
 */
export function pandocAttributeBlock(text: string, open: number): { open: number; close: number; parameters: Parameter[] } | undefined {
  if (text[open] !== '{' || text[open + 1] === ':') return undefined;
  const close = closingBrace(text, open + 1);
  if (close === undefined) return undefined;
  const parameters = readParameters(text, open + 1, close, PANDOC_PARAMETERS);
  // Anything the reader could not take means this is not an attribute block.
  const last = parameters[parameters.length - 1];
  if (!/^[ \t\r\n]*$/.test(text.slice(last?.range.end ?? open + 1, close))) return undefined;
  return { open, close, parameters };
}

// The block ends at `}` outside quotes, before any blank line.
function closingBrace(text: string, from: number): number | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !blankLineFollows(text, j)) j += text[j] === '\\' ? 2 : 1;
      if (text[j] !== c) return undefined;
      i = j;
    } else if (c === '}') {
      return i;
    } else if (c === '{' || blankLineFollows(text, i)) {
      return undefined;
    }
  }
  return undefined;
}
