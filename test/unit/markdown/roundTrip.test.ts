import { strict as assert } from 'node:assert';
import { altEdit, decorativeEdit, normalizeCaption, scanDocument, type DocumentKind, type ImageRef } from '../../../src/markdown';
import { writableCaption } from '../../../src/markdown/directives/directiveEdits';
import { applyEdit } from './support/applyEdit';
import {
  generateAsciidoc,
  generateHtml,
  generateMarkdown,
  generateMdx,
  generateSiteMarkdown,
  randomCaption,
  seededRandom,
} from './support/generateDocument';
import { expectNoFailures, runEditFuzz } from './support/editFuzz';
import { expectSameAsRendered } from './support/scanHelpers';

/** What must not change about the images an edit did not target. */
function signature(image: ImageRef, text: string, shift: number) {
  return {
    text: text.slice(image.range.start, image.range.end),
    start: image.range.start + shift,
    syntax: image.syntax,
    src: image.src,
    alt: image.alt,
    altState: image.altState,
  };
}

/**
 * The round-trip property: after an alt edit, scanning again finds the same images; the edited
 * one has exactly the (normalized) caption as alt, every other one is byte-for-byte as it was,
 * and the edit stayed inside the edited image.
 */
function checkAltEdit(text: string, kind: DocumentKind, images: ImageRef[], index: number, caption: string): string {
  const target = images[index];
  const edit = altEdit(text, target, caption);
  assert.ok(edit.range.start >= target.range.start && edit.range.end <= target.range.end, 'the edit stays inside the image');
  const edited = applyEdit(text, edit);
  const shift = edited.length - text.length;
  const again = scanDocument(edited, kind);
  assert.equal(
    again.length,
    images.length,
    `image count after editing ${JSON.stringify(text.slice(target.range.start, target.range.end))}`,
  );
  assert.equal(again[index].range.start, target.range.start);
  // A few captions cannot be written exactly in a directive dialect (see writableCaption).
  const site = target.altSite;
  const expected = site?.kind === 'directive' ? writableCaption(site.dialect, normalizeCaption(caption)) : normalizeCaption(caption);
  assert.equal(
    again[index].alt,
    expected,
    `caption ${JSON.stringify(caption)} in ${JSON.stringify(edited.slice(target.range.start, again[index].range.end))}`,
  );
  assert.equal(again[index].src, target.src);
  for (let i = 0; i < images.length; i++) {
    if (i === index) continue;
    const after = i > index ? shift : 0;
    assert.deepEqual(signature(again[i], edited, 0), signature(images[i], text, after));
  }
  return edited;
}

function checkDecorativeEdit(text: string, kind: DocumentKind, images: ImageRef[], index: number): void {
  const target = images[index];
  const edit = decorativeEdit(text, target);
  assert.ok(edit.range.start >= target.range.start && edit.range.end <= target.range.end, 'the edit stays inside the image');
  const edited = applyEdit(text, edit);
  const again = scanDocument(edited, kind);
  assert.equal(again.length, images.length);
  const expected = target.altState === 'decorative' ? 'decorative' : target.altSite?.kind === 'markdown' ? 'decorative' : 'empty';
  assert.equal(again[index].altState, expected, JSON.stringify(edited.slice(target.range.start, again[index].range.end + 40)));
}

// Every image of every document would take long; a seeded sample of each document's images
// still reaches every syntax and state (see the coverage test below).
function runProperty(
  kind: DocumentKind,
  generate: (seed: number) => string,
  seeds: number,
  perDocument: number,
  renderedToo: boolean,
): number {
  let edits = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const text = generate(seed);
    const images = scanDocument(text, kind);
    if (renderedToo) expectSameAsRendered(text, images);
    const random = seededRandom(seed * 7919);
    const sample = images
      .map((_, i) => i)
      .sort(() => random() - 0.5)
      .slice(0, perDocument);
    for (const index of sample) {
      const edited = checkAltEdit(text, kind, images, index, randomCaption(random));
      if (renderedToo && edits % 3 === 0) expectSameAsRendered(edited);
      checkDecorativeEdit(text, kind, images, index);
      edits++;
    }
  }
  return edits;
}

describe('round trip on generated documents', () => {
  it('Markdown: the scan matches the rendered page, and every edit round-trips', () => {
    const edits = runProperty('markdown', (seed) => generateMarkdown(seed), 40, 4, true);
    assert.ok(edits > 120, `only ${edits} edits were tried`);
  });

  it('MDX: every edit round-trips', () => {
    const edits = runProperty('mdx', (seed) => generateMdx(seed), 30, 4, false);
    assert.ok(edits > 80, `only ${edits} edits were tried`);
  });

  it('HTML: every edit round-trips', () => {
    const edits = runProperty('html', (seed) => generateHtml(seed), 30, 4, false);
    assert.ok(edits > 80, `only ${edits} edits were tried`);
  });

  it('Markdown of docs sites (Hugo, Pandoc, MyST, Learn): every edit round-trips', () => {
    const edits = runProperty('markdown', (seed) => generateSiteMarkdown(seed), 40, 5, false);
    assert.ok(edits > 150, `only ${edits} edits were tried`);
  });

  it('AsciiDoc: every edit round-trips', () => {
    const edits = runProperty('asciidoc', (seed) => generateAsciidoc(seed), 40, 4, false);
    assert.ok(edits > 120, `only ${edits} edits were tried`);
  });

  it('the site generators cover every directive syntax and its alt states', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      for (const image of scanDocument(generateSiteMarkdown(seed), 'markdown')) seen.add(`${image.syntax} ${image.altState}`);
      for (const image of scanDocument(generateAsciidoc(seed), 'asciidoc')) seen.add(`${image.syntax} ${image.altState}`);
    }
    for (const syntax of ['hugo-figure', 'pandoc-attr', 'myst', 'learn-image']) {
      for (const state of ['missing', 'empty', 'placeholder', 'ok'])
        assert.ok(seen.has(`${syntax} ${state}`), `no ${syntax} ${state} image was generated; saw ${[...seen].join(', ')}`);
    }
    for (const needed of ['learn-image decorative', 'asciidoc missing', 'asciidoc empty', 'asciidoc placeholder', 'asciidoc ok'])
      assert.ok(seen.has(needed), `no ${needed} image; saw ${[...seen].join(', ')}`);
  });

  it('the generators cover every syntax and alt state', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      for (const image of scanDocument(generateMarkdown(seed), 'markdown')) seen.add(`${image.syntax} ${image.altState}`);
      for (const image of scanDocument(generateMdx(seed), 'mdx')) seen.add(`${image.syntax} ${image.altState}`);
      for (const image of scanDocument(generateHtml(seed), 'html')) seen.add(`${image.syntax} ${image.altState}`);
    }
    for (const needed of [
      'markdown-inline missing',
      'markdown-inline placeholder',
      'markdown-inline ok',
      'markdown-inline decorative',
      'markdown-reference ok',
      'markdown-reference placeholder',
      'markdown-html missing',
      'markdown-html empty',
      'markdown-html decorative',
      'mdx missing',
      'mdx empty',
      'mdx ok',
      'mdx placeholder',
      'html missing',
      'html empty',
      'html placeholder',
      'html ok',
      'html decorative',
    ]) {
      assert.ok(seen.has(needed), `no ${needed} image was generated; saw ${[...seen].join(', ')}`);
    }
  });
});

// The full run (10,000 documents) is in the abuse suite: test/abuse/editFuzz.test.ts.
describe('edit fuzz (500 documents; each edit alone and all at once, against the rendered page)', function () {
  this.timeout(600_000);
  it('no edit changes the images a renderer sees, except the edited alt texts', () => {
    const summary = runEditFuzz(1, 500);
    expectNoFailures(summary);
    assert.ok(summary.edits > 2000, `only ${summary.edits} edits were tried`);
  });
});
