import type { ImageRef, ImageSyntax, TextEdit } from '../markdown/types';

/**
 * What identifies an image across edits of its document: its exact source text, and where it was
 * among the images written exactly the same way.
 */
export interface ImageAnchor {
  /** The image construct as it was written when scanned: `![](a.png)`, `<img src="a.png">`. */
  construct: string;
  syntax: ImageSyntax;
  start: number;
  /** Index among the images of the scan with the same construct (the same image may appear twice). */
  ordinal: number;
  /** How many images of the scan had that construct. */
  twins: number;
}

export function anchorOf(text: string, images: readonly ImageRef[], image: ImageRef): ImageAnchor {
  const construct = text.slice(image.range.start, image.range.end);
  const same = images.filter((r) => r.syntax === image.syntax && text.slice(r.range.start, r.range.end) === construct);
  return { construct, syntax: image.syntax, start: image.range.start, ordinal: Math.max(0, same.indexOf(image)), twins: same.length };
}

/**
 * Finds the anchored image in a newer scan of the document: an image whose text is still exactly
 * what was scanned. Undefined when the writer changed or removed it: then nothing may be edited.
 */
export function relocate(text: string, images: readonly ImageRef[], anchor: ImageAnchor): ImageRef | undefined {
  const same = images.filter((r) => r.syntax === anchor.syntax && text.slice(r.range.start, r.range.end) === anchor.construct);
  if (same.length === 0) return undefined;
  // With as many twins as before, the n-th is the same image; otherwise the nearest one is the best guess.
  if (same.length === anchor.twins) return same[anchor.ordinal];
  return same.reduce((best, r) => (Math.abs(r.range.start - anchor.start) < Math.abs(best.range.start - anchor.start) ? r : best));
}

export interface PlannedEdit<T> {
  item: T;
  image: ImageRef;
  edit: TextEdit;
}

export interface EditPlan<T> {
  edits: PlannedEdit<T>[];
  /** Items whose image changed or disappeared since the scan, with the reason. */
  skipped: { item: T; reason: string }[];
}

/**
 * Plans edits on the current text of one document for images found in an earlier scan. Each image
 * is found again by its anchor; an image whose text changed is skipped, never edited at a guess.
 * Every edit's range is checked to lie inside the image as it reads now, and no two edits overlap.
 */
export function planEdits<T>(
  currentText: string,
  currentImages: readonly ImageRef[],
  items: readonly T[],
  anchorOfItem: (item: T) => ImageAnchor,
  makeEdit: (text: string, image: ImageRef, item: T) => TextEdit,
): EditPlan<T> {
  const plan: EditPlan<T> = { edits: [], skipped: [] };
  const claimed = new Set<ImageRef>();
  for (const item of items) {
    const anchor = anchorOfItem(item);
    const image = relocate(currentText, currentImages, anchor);
    if (!image || claimed.has(image)) {
      plan.skipped.push({ item, reason: 'the image changed since it was scanned' });
      continue;
    }
    let edit: TextEdit;
    try {
      edit = makeEdit(currentText, image, item);
    } catch (err) {
      plan.skipped.push({ item, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    // Alt edits stay inside the image, except a decorative marker right after it.
    if (
      edit.range.start < image.range.start ||
      edit.range.end > image.range.end ||
      currentText.slice(image.range.start, image.range.end) !== anchor.construct
    ) {
      plan.skipped.push({ item, reason: 'the edit would reach outside the image' });
      continue;
    }
    claimed.add(image);
    plan.edits.push({ item, image, edit });
  }
  plan.edits.sort((a, b) => a.edit.range.start - b.edit.range.start);
  for (let i = 1; i < plan.edits.length; i++) {
    const previous = plan.edits[i - 1].edit.range;
    const next = plan.edits[i].edit.range;
    if (next.start < previous.end || (next.start === previous.start && next.start === next.end)) {
      plan.skipped.push({ item: plan.edits[i].item, reason: 'another edit touches the same text' });
      plan.edits.splice(i--, 1);
    }
  }
  return plan;
}
