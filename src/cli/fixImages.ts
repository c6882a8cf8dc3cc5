import { readRegularFile } from '../inference/regularFile';
import type { CaptionRequest } from '../inference/generation/request';
import type { CaptionWorker } from '../inference/worker/captionWorker';
import type { TextEdit } from '../markdown';
import { captionDistinct, readDistinct, type DistinctImage, type FixTarget } from '../fix';
import { relativeToCwd, type CheckedImage } from './checkDocuments';

/** An image that needs alt text, as check found it, and what became of it. */
export interface FixItem extends FixTarget {
  checked: CheckedImage;
  /** The edit that writes the caption, against the text as scanned. */
  edit?: TextEdit;
  written?: boolean;
}

/** What check found, as a fix target. */
export function fixItem(checked: CheckedImage): FixItem {
  return { checked, image: checked.ref, source: checked.source };
}

/** Marks the items whose source is not a local file that exists: only those are captioned. */
export function markUncaptionable(items: readonly FixItem[], cwd: string): void {
  for (const item of items) {
    const { source } = item;
    if (source.kind === 'remote') item.problem = `a remote image is not fetched (${source.resolved})`;
    else if (source.kind === 'data') item.problem = 'an inline data: image; only image files are captioned';
    else if (source.problem) item.problem = `${source.problem} (${item.image.src})`;
    else if (!source.exists) item.problem = `no such image file: ${relativeToCwd(source.resolved!, cwd)}`;
  }
}

/** Reads each distinct image file once and hashes it once (the shared pipeline's first half). */
export function readItems(items: readonly FixItem[], maxImageBytes: number): Promise<DistinctImage<FixItem>[]> {
  return readDistinct(items, {
    read: (item) => readRegularFile(item.source.resolved!, maxImageBytes),
    describeFailure: failure,
  });
}

/**
 * Captions each distinct picture once. The bytes already read (not the file's name) go to the
 * worker, so no image is read twice. All requests go in at once, so the worker prepares the next
 * image while the model captions one.
 */
export function captionItems(
  worker: Pick<CaptionWorker, 'caption'>,
  distinct: readonly DistinctImage<FixItem>[],
  request: CaptionRequest,
  onCaptioned: (done: number) => void,
): Promise<void> {
  return captionDistinct(distinct, {
    // The alt text: the styled caption with any visible text quoted (styleAltText, as in the editor).
    caption: async (bytes) => (await worker.caption(bytes, request)).altText,
    describeFailure: failure,
    concurrency: Infinity,
    onProgress: (done) => done > 0 && onCaptioned(done),
  });
}

function failure(step: 'read' | 'caption', err: unknown): string {
  return `the image cannot be ${step === 'read' ? 'read' : 'captioned'}: ${err instanceof Error ? err.message : String(err)}`;
}
