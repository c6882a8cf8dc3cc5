import assert from 'node:assert/strict';
import { altEdit, decorativeEdit, scanDocument } from '../../../src/markdown';
import type { ImageRef, TextEdit } from '../../../src/markdown/types';
import { anchorOf, planEdits, relocate } from '../../../src/extension/staleGuard';

function apply(text: string, edits: TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start))
    result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  return result;
}

const original = ['# Notes', '', '![](a.png)', '', 'Text ![](b.png) and ![](a.png) again.', '', '<img src="c.png">', ''].join('\n');
const images = scanDocument(original, 'markdown');

describe('stale-text guard', () => {
  it('finds an image again after text was inserted above it', () => {
    const anchor = anchorOf(original, images, images[1]);
    const edited = `Intro paragraph.\n\n${original}`;
    const found = relocate(edited, scanDocument(edited, 'markdown'), anchor);
    assert.ok(found);
    assert.equal(edited.slice(found.range.start, found.range.end), '![](b.png)');
  });

  it('tells identical images apart by their order', () => {
    const second = anchorOf(original, images, images[2]);
    assert.equal(second.construct, '![](a.png)');
    assert.equal(second.ordinal, 1);
    assert.equal(second.twins, 2);
    const edited = original.replace('# Notes', '# Notes, longer title');
    const found = relocate(edited, scanDocument(edited, 'markdown'), second)!;
    assert.equal(found.range.start, edited.lastIndexOf('![](a.png)'));
  });

  it('gives up on an image whose text the writer changed or removed', () => {
    const anchor = anchorOf(original, images, images[1]);
    const changed = original.replace('![](b.png)', '![A bee](b.png)');
    assert.equal(relocate(changed, scanDocument(changed, 'markdown'), anchor), undefined);
    const removed = original.replace('![](b.png)', '');
    assert.equal(relocate(removed, scanDocument(removed, 'markdown'), anchor), undefined);
  });

  it('plans edits on the current text and skips the images that changed', () => {
    const items = images.map((image) => ({ anchor: anchorOf(original, images, image), caption: `caption of ${image.src}` }));
    const current = `New first line.\n${original.replace('<img src="c.png">', '<img src="c.png" alt="Written by hand">')}`;
    const plan = planEdits(
      current,
      scanDocument(current, 'markdown'),
      items,
      (i) => i.anchor,
      (text, image, item) => altEdit(text, image, item.caption),
    );
    assert.equal(plan.edits.length, 3);
    assert.deepEqual(
      plan.skipped.map((s) => s.item.anchor.construct),
      ['<img src="c.png">'],
    );
    assert.equal(
      apply(
        current,
        plan.edits.map((e) => e.edit),
      ),
      `New first line.\n${original
        .replace('![](a.png)', '![caption of a.png](a.png)')
        .replace('![](b.png)', '![caption of b.png](b.png)')
        .replace('and ![](a.png)', 'and ![caption of a.png](a.png)')
        .replace('<img src="c.png">', '<img src="c.png" alt="Written by hand">')}`,
    );
  });

  it('refuses an edit that reaches outside its image, and overlapping edits', () => {
    const item = { anchor: anchorOf(original, images, images[0]) };
    const outside = planEdits(
      original,
      images,
      [item],
      (i) => i.anchor,
      (_t, image: ImageRef) => ({ range: { start: image.range.start - 1, end: image.range.end }, newText: '' }),
    );
    assert.equal(outside.edits.length, 0);
    assert.match(outside.skipped[0].reason, /outside the image/);
    const twice = planEdits(
      original,
      images,
      [item, item],
      (i) => i.anchor,
      (text, image) => altEdit(text, image, 'x'),
    );
    assert.equal(twice.edits.length, 1);
    assert.equal(twice.skipped.length, 1);
  });

  it('accepts the decorative marker that follows a Markdown image', () => {
    const item = { anchor: anchorOf(original, images, images[1]) };
    const plan = planEdits(
      original,
      images,
      [item],
      (i) => i.anchor,
      (text, image) => decorativeEdit(text, image),
    );
    assert.equal(plan.edits.length, 1);
    assert.ok(apply(original, [plan.edits[0].edit]).includes('![](b.png)<!-- alt-text: decorative -->'));
  });
});
