import { strict as assert } from 'node:assert';
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';
import {
  altEdit,
  applyEdits,
  normalizeCaption,
  scanDocument,
  type DocumentKind,
  type ImageRef,
  type TextEdit,
} from '../../../../src/markdown';
import { applyEdit } from './applyEdit';
import {
  generateHostileHtml,
  generateHostileMarkdown,
  generateHtml,
  generateMarkdown,
  generateMdx,
  hostileCaption,
  randomCaption,
  seededRandom,
  type Random,
} from './generateDocument';
import { renderedImages, renderedSrc, type RenderedImage } from './renderedImages';

/**
 * The edit fuzz property. For each generated document, every image gets a caption; each edit is
 * applied alone and then all together. An independent renderer (micromark to HTML, then parse5;
 * parse5 alone for HTML) must see the same number of images afterwards, the edited ones with the
 * intended alt text and every other one as before, and no byte outside the edits may change.
 */
export interface FuzzFailure {
  seed: number;
  kind: DocumentKind;
  message: string;
}

export interface FuzzSummary {
  documents: number;
  edits: number;
  failures: FuzzFailure[];
}

interface Generator {
  kind: DocumentKind;
  generate(seed: number): string;
  caption(random: Random): string;
}

// Half the documents are the hostile shapes, the rest the everyday ones, in each kind.
const GENERATORS: Generator[] = [
  { kind: 'markdown', generate: (seed) => generateHostileMarkdown(seed), caption: hostileCaption },
  { kind: 'markdown', generate: (seed) => generateMarkdown(seed, 4), caption: (r) => (r() < 0.5 ? hostileCaption(r) : randomCaption(r)) },
  { kind: 'html', generate: (seed) => generateHostileHtml(seed), caption: hostileCaption },
  { kind: 'html', generate: (seed) => generateHtml(seed, 4), caption: hostileCaption },
  { kind: 'mdx', generate: (seed) => generateMdx(seed, 4), caption: (r) => (r() < 0.5 ? hostileCaption(r) : randomCaption(r)) },
];

export function runEditFuzz(firstSeed: number, documents: number): FuzzSummary {
  const summary: FuzzSummary = { documents: 0, edits: 0, failures: [] };
  for (let seed = firstSeed; seed < firstSeed + documents; seed++) {
    const generator = GENERATORS[seed % GENERATORS.length];
    summary.documents++;
    try {
      summary.edits += fuzzDocument(generator, seed);
    } catch (error) {
      summary.failures.push({ seed, kind: generator.kind, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return summary;
}

/** Fuzzes the document of one seed; throws with what went wrong. Returns how many edits were tried. */
export function fuzzDocument(generator: Generator, seed: number): number {
  const { kind } = generator;
  const text = generator.generate(seed);
  const random = seededRandom(seed ^ 0x5bd1e995);
  const images = scanDocument(text, kind);
  const before = render(text, kind);
  const captions = images.map(() => generator.caption(random));
  const edits = images.map((image, i) => altEdit(text, image, captions[i]));
  edits.forEach((edit, i) => {
    const image = images[i];
    const where = () =>
      `seed ${seed} (${kind}): editing image ${i} ${JSON.stringify(text.slice(image.range.start, image.range.end))} to ${JSON.stringify(captions[i])}\n--- document:\n${text}`;
    assert.ok(edit.range.start >= image.range.start && edit.range.end <= image.range.end, `the edit leaves the image: ${where()}`);
    const edited = applyEdit(text, edit);
    checkRendered(images, edited, kind, before, [[i, captions[i]]], where);
  });
  if (images.length > 1) {
    const edited = applyEdits(text, edits);
    const where = () =>
      `seed ${seed} (${kind}): all ${images.length} edits at once, captions ${JSON.stringify(captions)}\n--- document:\n${text}\n--- edited:\n${edited}`;
    expectUnchangedOutside(text, edited, edits, where);
    checkRendered(
      images,
      edited,
      kind,
      before,
      images.map((_, i) => [i, captions[i]]),
      where,
    );
  }
  return edits.length;
}

function checkRendered(
  images: ImageRef[],
  edited: string,
  kind: DocumentKind,
  before: RenderedImage[] | undefined,
  changed: Array<[number, string]>,
  where: () => string,
): void {
  const again = scanDocument(edited, kind);
  assert.equal(again.length, images.length, `the scanner finds ${again.length} images, not ${images.length}: ${where()}`);
  for (const [index, caption] of changed) {
    assert.equal(again[index].alt, normalizeCaption(caption), `the scanner reads another alt: ${where()}`);
  }
  if (!before) return;
  const after = render(edited, kind)!;
  assert.equal(after.length, before.length, `the rendered page has ${after.length} images, not ${before.length}: ${where()}`);
  // The rendered page holds the images in its own order (footnotes move to the end), so the
  // expected page is the one before with each edited image's alt replaced.
  const expected = before.map((image) => ({ ...image }));
  for (const [index, caption] of changed) {
    const image = images[index];
    const src = image.syntax === 'markdown-html' || kind === 'html' ? image.src : renderedSrc(image.src);
    // The scanner reads a line ending in a code span as remark does, the renderer as a space.
    const alt = image.alt?.replace(/\r\n|\r|\n/g, ' ');
    const free = expected.filter((e) => e.src === src && !('taken' in e));
    const slot = free.find((e) => e.alt === image.alt) ?? free.find((e) => e.alt?.replace(/\r\n|\r|\n/g, ' ') === alt);
    assert.ok(slot, `no rendered image ${JSON.stringify({ src, alt: image.alt })} before the edit: ${where()}`);
    Object.assign(slot, { alt: normalizeCaption(caption), taken: true });
  }
  assert.deepEqual(canonical(after), canonical(expected), `the rendered images differ: ${where()}`);
}

function canonical(images: RenderedImage[]): string[] {
  return images.map((i) => JSON.stringify([i.src, i.alt])).sort();
}

function expectUnchangedOutside(text: string, edited: string, edits: readonly TextEdit[], where: () => string): void {
  const ordered = [...edits].sort((a, b) => a.range.start - b.range.start);
  let from = 0;
  let shift = 0;
  for (const edit of ordered) {
    assert.equal(
      edited.slice(from + shift, edit.range.start + shift),
      text.slice(from, edit.range.start),
      `text between edits changed: ${where()}`,
    );
    assert.equal(
      edited.slice(edit.range.start + shift, edit.range.start + shift + edit.newText.length),
      edit.newText,
      `an edit is not in place: ${where()}`,
    );
    shift += edit.newText.length - (edit.range.end - edit.range.start);
    from = edit.range.end;
  }
  assert.equal(edited.slice(from + shift), text.slice(from), `text after the last edit changed: ${where()}`);
}

/** The images an independent renderer shows; undefined for MDX, which has none here. */
function render(text: string, kind: DocumentKind): RenderedImage[] | undefined {
  if (kind === 'markdown') return renderedImages(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (kind === 'html') return htmlImages(text);
  return undefined;
}

function htmlImages(html: string): RenderedImage[] {
  const images: RenderedImage[] = [];
  const stack: DefaultTreeAdapterTypes.ParentNode[] = [parse(html)];
  while (stack.length) {
    const node = stack.pop()!;
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      if (child.tagName === 'img' && child.namespaceURI === 'http://www.w3.org/1999/xhtml') {
        const attribute = (name: string) => child.attrs.find((a) => a.name === name)?.value;
        images.push({ src: attribute('src') ?? '', alt: attribute('alt') ?? null });
      }
      stack.push(child);
      if ('content' in child && child.content) stack.push(child.content);
    }
  }
  return images;
}

/** Throws one error listing every failure, each with its seed so it can be run again alone. */
export function expectNoFailures(summary: FuzzSummary): void {
  if (summary.failures.length === 0) return;
  const shown = summary.failures
    .slice(0, 5)
    .map((f) => `${f.message}`)
    .join('\n\n');
  assert.fail(
    `${summary.failures.length} of ${summary.documents} documents failed (seeds ${summary.failures.map((f) => f.seed).join(', ')}):\n\n${shown}`,
  );
}
