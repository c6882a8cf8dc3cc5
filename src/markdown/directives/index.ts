import type { ScanOptions } from '../scanOptions';
import type { ImageRef } from '../types';
import { codeRegions, insideAny } from './codeRegions';
import { hugoFigures } from './hugoFigure';
import { learnImages } from './learnImage';
import { mystImages } from './mystImage';
import { withPandocAttributes } from './pandocAttributes';

export { asciidocImages } from './asciidocImages';

// The telltales of each syntax; a document without them cannot hold it.
const HUGO = /\{\{[<%][ \t\r\n]*figure/;
const LEARN = /:::image[ \t]/;
const MYST = /\{(?:image|figure)\}/;
const PANDOC = /\)\{/;

/**
 * The images of site generators' own syntaxes in a Markdown document: Hugo figure shortcodes,
 * Microsoft Learn `:::image:::`, MyST image and figure directives, and Pandoc attributes after
 * CommonMark images. None counts inside code or an HTML comment, as CommonMark reads the document.
 * Markdown images inside a shortcode or directive (in a caption parameter) are part of it, not images
 * of their own.
 */
export function withDirectiveImages(text: string, shift: number, images: ImageRef[], options: ScanOptions): ImageRef[] {
  const hugo = HUGO.test(text);
  const learn = LEARN.test(text);
  const myst = MYST.test(text);
  if (options.pandocAttributes !== false && PANDOC.test(text)) images = images.map((image) => withPandocAttributes(text, image, options));
  const regions = hugo || learn || myst ? codeRegions(text, shift) : undefined;
  const skip = (offset: number): boolean => insideAny(regions!.code, offset);
  const found: ImageRef[] = [
    ...(hugo ? hugoFigures(text, options, skip) : []),
    ...(learn ? learnImages(text, options, skip) : []),
    ...(myst ? mystImages(text, options, skip, regions!.directiveFences) : []),
  ];
  const containers = [...found, ...images.filter((image) => image.syntax === 'pandoc-attr')];
  if (containers.length === 0) return images;
  const within = containedIn(containers);
  // Shortcodes, directives and attribute blocks do not nest in one another; images in them go.
  return [...images.filter((image) => image.syntax === 'pandoc-attr' || !within(image)), ...found];
}

/**
 * Whether an image lies inside one of `containers`: sorted by start, with the furthest end reached
 * so far, one binary search per image.
 */
function containedIn(containers: ImageRef[]): (image: ImageRef) => boolean {
  const sorted = [...containers].sort((a, b) => a.range.start - b.range.start);
  const furthest: number[] = [];
  for (const container of sorted) furthest.push(Math.max(container.range.end, furthest[furthest.length - 1] ?? -1));
  return (image) => {
    let low = 0;
    let high = sorted.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (sorted[middle].range.start <= image.range.start) {
        last = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return last >= 0 && furthest[last] >= image.range.end;
  };
}
