import { judgeAlt } from '../altState';
import type { ScanOptions } from '../scanOptions';
import { addContext, cssPixels, linkTo, sizeOf } from '../imageContext';
import type { DirectiveAltSite, ImageRef } from '../types';
import { blankLineFollows } from './blankLine';
import { named, readParameters, unescapeQuoted, type ParameterSyntax } from './namedParameters';

// Hugo's shortcode lexer: quoted ("…", with \" inside) and raw (`…`) strings, or bare words.
const HUGO_PARAMETERS: ParameterSyntax = { quotes: '"`', name: /[\w-]/, backslashEscapes: 'quote', unquotedStop: /[>%/}"`]/ };
// `{{< figure` and `{{% figure`; `{{</* figure */>}}` is Hugo's way of writing one as an example.
const FIGURE_OPENING = /\{\{([<%])[ \t\r\n]*figure(?=[ \t\r\n/>%])/g;

/**
 * Hugo `figure` shortcodes: `{{< figure src="a.png" alt="…" caption="…" >}}`, `{{% figure … %}}`.
 * The alt is the `alt` parameter. Without one, Hugo's built-in template copies the caption into
 * `alt`, so a screen reader reads the caption twice and never hears what the picture shows: still
 * a finding.
 */
export function hugoFigures(text: string, options: ScanOptions, skip: (offset: number) => boolean): ImageRef[] {
  const images: ImageRef[] = [];
  for (const match of text.matchAll(FIGURE_OPENING)) {
    const start = match.index!;
    if (skip(start)) continue;
    const closer = `${match[1] === '<' ? '>' : '%'}}}`;
    const close = closingDelimiter(text, start + match[0].length, closer);
    if (close === undefined) continue;
    let parametersEnd = close;
    while (parametersEnd > start && /[ \t\r\n]/.test(text[parametersEnd - 1])) parametersEnd--;
    if (text[parametersEnd - 1] === '/') parametersEnd--;
    const parameters = readParameters(text, start + match[0].length, parametersEnd, HUGO_PARAMETERS);
    const value = (name: string): string | undefined => {
      const parameter = named(parameters, name);
      return parameter && unescapeQuoted(text.slice(parameter.value.start, parameter.value.end), parameter.quote, 'quote-only');
    };
    const src = value('src') ?? '';
    const alt = value('alt') ?? null;
    const altParameter = named(parameters, 'alt');
    const srcParameter = named(parameters, 'src');
    const site: DirectiveAltSite = {
      kind: 'directive',
      dialect: 'hugo',
      opening: text.slice(start, start + 3),
      value: altParameter && { range: altParameter.value, quote: altParameter.quote },
      insert: { at: (srcParameter ?? parameters[parameters.length - 1])?.range.end ?? start + match[0].length, before: ' alt=', after: '' },
    };
    const judged = judgeAlt({ alt, src, declaredDecorative: false, emptyMeans: 'empty', extraPlaceholders: options.extraPlaceholders });
    const image: ImageRef = { range: { start, end: close + closer.length }, syntax: 'hugo-figure', src, alt, ...judged, altSite: site };
    // Hugo's figure template wraps the image in `<a href>` when `link` is given and writes `title`
    // as a heading in the figcaption, above the caption.
    images.push(
      addContext(image, {
        link: linkTo(value('link')),
        title: value('title'),
        caption: value('caption'),
        size: sizeOf(cssPixels(value('width')), cssPixels(value('height'))),
      }),
    );
  }
  return images;
}

// The shortcode ends at its closing delimiter outside any quoted value; a blank line or another
// `{{` before it means the shortcode was never closed (or is not one we can read).
function closingDelimiter(text: string, from: number, closer: string): number | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !blankLineFollows(text, j))
        j += c === '"' && text[j] === '\\' && text[j + 1] === '"' ? 2 : 1;
      if (j >= text.length || text[j] !== c) return undefined;
      i = j;
    } else if (text.startsWith(closer, i)) {
      return i;
    } else if (text.startsWith('{{', i) || blankLineFollows(text, i)) {
      return undefined;
    }
  }
  return undefined;
}
