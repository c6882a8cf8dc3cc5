import { parse } from 'parse5';
import { asciidocImages, withDirectiveImages } from './directives';
import { collectHtmlImages } from './htmlImages';
import { indentedBodies, moveToDocument } from './indentedBlocks';
import { maskLiquidBlanks, unmaskLiquid } from './liquidTags';
import { parseMdx } from './mdxParser';
import { scanMarkdownEvents } from './markdownScanner';
import { checkMarkdownBudget } from './markdownTokens';
import { imagesInMdxTree } from './mdxImages';
import { ScanBudget, ScanLimitError } from './scanBudget';
import type { ScanOptions } from './scanOptions';
import type { DocumentKind, ImageRef } from './types';

export interface ScanResult {
  images: ImageRef[];
  /** Things the writer may want to know, e.g. MDX that is not valid and was read as Markdown. */
  warnings: string[];
}

const BOM = '\uFEFF';
// Every image syntax we know starts with one of these; a document without them has no images.
// (`image:` is AsciiDoc's, `:::image` Microsoft Learn's, `{{<`/`{{%` Hugo's, `{image}`/`{figure}` MyST's.)
const MAY_HOLD_IMAGE = /!\[|<im|image:|:::image|\{\{[<%]|\{(?:image|figure)\}/i;
// MDX image components (`<ThemedImage>`, a configured one) are capitalized.
const MAY_HOLD_COMPONENT = /<[A-Z]/;

/**
 * Finds every image in a document, sorted by where it starts. Throws ScanLimitError for a document
 * too large or too complex to scan (see scanBudget.ts).
 */
export function scanDocument(text: string, kind: DocumentKind, options: ScanOptions = {}): ImageRef[] {
  return scanDocumentWithWarnings(text, kind, options).images;
}

export function scanDocumentWithWarnings(text: string, kind: DocumentKind, options: ScanOptions = {}): ScanResult {
  const budget = new ScanBudget(options.limits, text.length);
  budget.checkSize(text);
  if (!MAY_HOLD_IMAGE.test(text) && !(kind === 'mdx' && MAY_HOLD_COMPONENT.test(text))) return { images: [], warnings: [] };
  const result =
    kind === 'html'
      ? { images: scanHtml(text, options), warnings: [] }
      : kind === 'asciidoc'
        ? { images: asciidocImages(text, options), warnings: [] }
        : scanMarkdown(text, kind, options, budget);
  result.images.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return result;
}

function scanHtml(text: string, options: ScanOptions): ImageRef[] {
  // parse5 counts a BOM like any other character, so its offsets are already document offsets.
  const document = parse(text, { sourceCodeLocationInfo: true });
  return collectHtmlImages(document, { text, toDocument: (offset) => offset, syntax: 'html', options });
}

function scanMarkdown(text: string, kind: 'markdown' | 'mdx', options: ScanOptions, budget: ScanBudget): ScanResult {
  // micromark drops a leading BOM and counts offsets from after it.
  const shift = text.startsWith(BOM) ? 1 : 0;
  budget.checkMarkdownLines(text);
  if (kind === 'markdown') {
    const masked = options.liquid ? maskLiquidBlanks(text) : undefined;
    const read = masked ?? text;
    const images = withDirectiveImages(
      read,
      shift,
      scanMarkdownEvents({ text: read, shift, dialect: 'markdown', htmlSyntax: 'markdown-html' }, options, undefined, budget),
      options,
    );
    const found = masked ? unmaskLiquid(text, images) : images;
    return { images: options.indentedMarkdownBlocks ? withIndentedBodies(text, found, options) : found, warnings: [] };
  }
  // remark-mdx tokenizes with micromark too, as one whole, with no budget of its own: the block
  // phase of CommonMark (cut in pieces like a Markdown scan) finds the paragraphs the budget counts.
  checkMarkdownBudget(shift ? text.slice(1) : text, budget);
  try {
    const root = parseMdx(shift ? text.slice(1) : text);
    budget.checkTime();
    return { images: imagesInMdxTree({ root, text, shift }, options), warnings: [] };
  } catch (error) {
    if (error instanceof ScanLimitError) throw error;
    // A half-written MDX file still deserves its diagnostics: read it as Markdown with HTML in it.
    const images = scanMarkdownEvents({ text, shift, dialect: 'mdx', htmlSyntax: 'mdx' }, options, undefined, budget);
    for (const image of images) {
      if (image.altSite?.kind === 'attribute') image.altSite.dialect = 'jsx';
    }
    return { images, warnings: [`not valid MDX (${describe(error)}); read as Markdown`] };
  }
}

// MkDocs reads the indented bodies of admonitions and tabs as Markdown: each body is scanned on its
// own and what CommonMark made of it (code, or a paragraph's continuation) is left out.
function withIndentedBodies(text: string, images: ImageRef[], options: ScanOptions): ImageRef[] {
  if (!/^ *(?:!!!|\?\?\?|===)/m.test(text)) return images;
  const bodies = indentedBodies(text);
  if (bodies.length === 0) return images;
  const outside = images.filter(
    (image) => !bodies.some((body) => image.range.start >= body.range.start && image.range.start < body.range.end),
  );
  const inside = bodies.flatMap((body) => scanDocument(body.text, 'markdown', options).map((image) => moveToDocument(image, body)));
  return [...outside, ...inside];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
