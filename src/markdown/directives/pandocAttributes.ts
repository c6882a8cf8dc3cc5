import { judgeAlt } from '../altState';
import type { ScanOptions } from '../scanOptions';
import type { DirectiveAltSite, ImageRef } from '../types';
import { blankLineFollows } from './blankLine';
import { named, readParameters, unescapeQuoted, type ParameterSyntax } from './namedParameters';

const PANDOC_PARAMETERS: ParameterSyntax = { quotes: '"\'', name: /[\w:.-]/, backslashEscapes: 'all', unquotedStop: /[}"']/ };

/**
 * Pandoc and Quarto image attributes: `![caption](a.png){#fig-a fig-alt="…" width=50%}`. The
 * attribute block must follow the image directly. With `fig-alt` the bracket text is the figure's
 * caption and `fig-alt` is the alt; without it the bracket text is both, and a new alt goes into
 * the block as `fig-alt`, so the caption stays as written. kramdown's `{: …}` blocks are not Pandoc's.
 */
export function withPandocAttributes(text: string, image: ImageRef, options: ScanOptions): ImageRef {
  if (image.syntax !== 'markdown-inline' || text[image.range.end] !== '{' || text[image.range.end + 1] === ':') return image;
  const open = image.range.end;
  const close = closingBrace(text, open + 1);
  if (close === undefined) return image;
  const parameters = readParameters(text, open + 1, close, PANDOC_PARAMETERS);
  // Anything the reader could not take means this is not an attribute block.
  const last = parameters[parameters.length - 1];
  if (!/^[ \t\r\n]*$/.test(text.slice(last?.range.end ?? open + 1, close))) return image;
  const figAlt = named(parameters, 'fig-alt');
  const site: DirectiveAltSite = {
    kind: 'directive',
    dialect: 'pandoc',
    opening: '![',
    value: figAlt && { range: figAlt.value, quote: figAlt.quote },
    insert: { at: last?.range.end ?? open + 1, before: last ? ' fig-alt=' : 'fig-alt=', after: '' },
  };
  const range = { start: image.range.start, end: close + 1 };
  if (!figAlt) {
    // The bracket text is the alt, judged as Markdown; the edit adds fig-alt.
    return { ...image, range, syntax: 'pandoc-attr', altSite: site };
  }
  const alt = unescapeQuoted(text.slice(figAlt.value.start, figAlt.value.end), figAlt.quote, 'all');
  const judged = judgeAlt({
    alt,
    src: image.src,
    declaredDecorative: false,
    emptyMeans: 'empty',
    extraPlaceholders: options.extraPlaceholders,
  });
  const { reason: _reason, ...rest } = image;
  return { ...rest, range, syntax: 'pandoc-attr', alt, ...judged, altSite: site };
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
