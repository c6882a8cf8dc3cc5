import { createHash } from 'node:crypto';
import { readRegularFile } from '../inference/regularFile';
import type { CaptionWorker } from '../inference/worker/captionWorker';
import type { GenerationOptions } from '../inference/types';
import { normalizeCaption, type TextEdit } from '../markdown';
import { withVisibleText } from '../inference/generation/visibleTextBudget';
import { relativeToCwd, type CheckedImage } from './checkDocuments';

/** An image that needs alt text, and what became of it. */
export interface FixItem {
  image: CheckedImage;
  /** Why it gets no alt text; set at whichever step it fell out. */
  problem?: string;
  /** The sha256 of the image file's bytes: items showing the same picture share one caption. */
  sha256?: string;
  /** The alt text, as it will read in the document. */
  caption?: string;
  /** The edit that writes the caption, against the text as scanned. */
  edit?: TextEdit;
  written?: boolean;
}

/** A picture to caption once, and the items it gives alt text to. */
export interface DistinctImage {
  sha256: string;
  /** The first file found with these bytes; the one the model reads. */
  file: string;
  items: FixItem[];
}

/** Marks the items whose source is not a local file that exists: only those can be captioned. */
export function markUncaptionable(items: readonly FixItem[], cwd: string): void {
  for (const item of items) {
    const { source } = item.image;
    if (source.kind === 'remote') item.problem = `a remote image is not fetched (${source.resolved})`;
    else if (source.kind === 'data') item.problem = 'an inline data: image; only image files are captioned';
    else if (source.problem) item.problem = `${source.problem} (${item.image.ref.src})`;
    else if (!source.exists) item.problem = `no such image file: ${relativeToCwd(source.resolved!, cwd)}`;
  }
}

/**
 * Groups the captionable items by the bytes of their image, reading each file once: copies of a
 * picture under other names are captioned once. An unreadable file fails only its own items.
 */
export async function groupByContent(items: readonly FixItem[], maxBytes: number): Promise<DistinctImage[]> {
  const byFile = new Map<string, FixItem[]>();
  for (const item of items) {
    if (item.problem) continue;
    const file = item.image.source.resolved!;
    const group = byFile.get(file);
    if (group) group.push(item);
    else byFile.set(file, [item]);
  }
  const byHash = new Map<string, DistinctImage>();
  for (const [file, group] of byFile) {
    let sha256: string;
    try {
      sha256 = createHash('sha256')
        .update(await readRegularFile(file, maxBytes))
        .digest('hex');
    } catch (err) {
      for (const item of group) item.problem = `the image cannot be read: ${describe(err)}`;
      continue;
    }
    let distinct = byHash.get(sha256);
    if (!distinct) byHash.set(sha256, (distinct = { sha256, file, items: [] }));
    for (const item of group) {
      item.sha256 = sha256;
      distinct.items.push(item);
    }
  }
  return [...byHash.values()];
}

/**
 * Captions each distinct image once and hands the caption to its items. All requests go in at
 * once, so the worker prepares the next image while the model captions one; a picture the model
 * cannot read fails only its own items.
 */
export async function captionDistinct(
  worker: CaptionWorker,
  images: readonly DistinctImage[],
  generation: GenerationOptions,
  onCaptioned: (done: number) => void,
  text?: { maxCharacters: number },
): Promise<void> {
  let done = 0;
  await Promise.all(
    images.map(async (image) => {
      try {
        const result = await worker.caption(image.file, generation, undefined, text ? {} : undefined);
        const caption = normalizeCaption(text ? withVisibleText(result.caption, result.visibleText, text.maxCharacters) : result.caption);
        for (const item of image.items) {
          if (caption) item.caption = caption;
          else item.problem = 'the model gave an empty caption';
        }
      } catch (err) {
        for (const item of image.items) item.problem = `the image cannot be captioned: ${describe(err)}`;
      }
      onCaptioned(++done);
    }),
  );
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
