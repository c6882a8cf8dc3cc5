import { createHash } from 'node:crypto';
import type { ImageRef, ResolvedSource } from '../markdown/types';

/** One image reference that needs alt text, and what became of it. */
export interface FixTarget {
  image: ImageRef;
  source: ResolvedSource;
  /** Why it gets no alt text; set at whichever step it fell out (a face may set it beforehand). */
  problem?: string;
  /** The sha256 of the image's bytes: targets showing the same picture share one caption. */
  sha256?: string;
  /** The alt text, styled, as it will read in the document. */
  caption?: string;
}

/** A picture to caption once, and the targets it gives alt text to. */
export interface DistinctImage<T extends FixTarget> {
  sha256: string;
  targets: T[];
  /** Its bytes, kept after captioning only where the face asked (keepBytes); never kept when read hashOnly. */
  bytes?: Uint8Array;
}

/** What reading and captioning share: how failures read, which end the fix, and cancellation. */
interface StepIo {
  /** How the reason for a failed step reads (default: the error's message). */
  describeFailure?(step: 'read' | 'caption', err: unknown): string;
  /** Errors that end the whole fix (cancelled, no model) instead of failing one picture. */
  isFatal?(err: unknown): boolean;
  /** Throws to stop between steps (a cancelled editor command). */
  checkCancelled?(): void;
}

export interface ReadIo<T extends FixTarget> extends StepIo {
  /** The bytes of the picture a target shows; throws with a reason the writer can read. */
  read(target: T): Promise<Uint8Array>;
  /**
   * Keep only the hash, not the bytes: for a face whose next step reads the file again by its name
   * (image-text matching), so that the pictures are not all held in memory at once.
   */
  hashOnly?: boolean;
}

export interface CaptionIo<T extends FixTarget> extends StepIo {
  /** The alt text for a picture (its bytes and their hash), styled; '' when the model said nothing. */
  caption(bytes: Uint8Array, sha256: string): Promise<string>;
  /** Told about a picture the model could not caption. */
  onCaptionError?(image: DistinctImage<T>, err: unknown): void;
  /** Captions asked at once: the CLI asks all (its worker prepares one image while the model captions another); default 1. */
  concurrency?: number;
  /** The bytes worth keeping after captioning, for a thumbnail (the editor keeps non-file images). */
  keepBytes?(target: T): boolean;
  /** Called with "n of total" over the distinct pictures, from 0 on. */
  onProgress?(done: number, total: number): void;
}

/** Where a fix reads images and gets captions: the CLI and the editor each pass their own. */
export type FixIo<T extends FixTarget> = ReadIo<T> & CaptionIo<T>;

/**
 * The workspace fix's heart, for both faces: reads each distinct source once, hashes it once, and
 * captions each distinct picture once (copies of a picture under other names included), handing
 * the caption to every target that shows it. A picture that cannot be read or captioned fails only
 * its own targets. Returns the distinct pictures.
 */
export async function captionTargets<T extends FixTarget>(targets: readonly T[], io: FixIo<T>): Promise<DistinctImage<T>[]> {
  const distinct = await readDistinct(targets, io);
  await captionDistinct(distinct, io);
  return distinct;
}

/** The second half of captionTargets, for a face that starts its model only once it knows there is a picture to caption. */
export async function captionDistinct<T extends FixTarget>(distinct: readonly DistinctImage<T>[], io: CaptionIo<T>): Promise<void> {
  const total = distinct.length;
  let done = 0;
  io.onProgress?.(done, total);
  const queue = [...distinct];
  const worker = async (): Promise<void> => {
    for (let image = queue.shift(); image; image = queue.shift()) {
      io.checkCancelled?.();
      await captionOne(image, io);
      io.onProgress?.(++done, total);
    }
  };
  const lanes = Math.max(1, Math.min(io.concurrency ?? 1, total));
  await Promise.all(Array.from({ length: lanes }, worker));
}

/** The key under which targets share one read: the file or URL, else the source as written (data:). */
export function sourceKey(target: FixTarget): string {
  const { source, image } = target;
  if (source.kind === 'file' || source.kind === 'remote') return `${source.kind}:${source.resolved}`;
  return `${source.kind}:${image.src.trim()}`;
}

/**
 * The first half of captionTargets: the targets (those without a problem yet) grouped by source,
 * each source read once and hashed once, and grouped again by hash.
 */
export async function readDistinct<T extends FixTarget>(targets: readonly T[], io: ReadIo<T>): Promise<DistinctImage<T>[]> {
  const bySource = new Map<string, T[]>();
  for (const target of targets) {
    if (target.problem) continue;
    const key = sourceKey(target);
    const group = bySource.get(key);
    if (group) group.push(target);
    else bySource.set(key, [target]);
  }
  const byHash = new Map<string, DistinctImage<T>>();
  for (const group of bySource.values()) {
    io.checkCancelled?.();
    let bytes: Uint8Array;
    try {
      bytes = await io.read(group[0]);
    } catch (err) {
      if (io.isFatal?.(err)) throw err;
      for (const target of group) target.problem = describe(io, 'read', err);
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let image = byHash.get(sha256);
    if (!image) byHash.set(sha256, (image = { sha256, targets: [], bytes: io.hashOnly ? undefined : bytes }));
    for (const target of group) {
      target.sha256 = sha256;
      image.targets.push(target);
    }
  }
  return [...byHash.values()];
}

async function captionOne<T extends FixTarget>(image: DistinctImage<T>, io: CaptionIo<T>): Promise<void> {
  const bytes = image.bytes!;
  // Held only as long as needed: a workspace of large pictures must not stay in memory.
  if (!io.keepBytes?.(image.targets[0])) image.bytes = undefined;
  let caption: string;
  try {
    caption = await io.caption(bytes, image.sha256);
  } catch (err) {
    if (io.isFatal?.(err)) throw err;
    io.onCaptionError?.(image, err);
    for (const target of image.targets) target.problem = describe(io, 'caption', err);
    return;
  }
  for (const target of image.targets) {
    if (caption) target.caption = caption;
    else target.problem = 'the model gave an empty caption';
  }
}

function describe(io: StepIo, step: 'read' | 'caption', err: unknown): string {
  return io.describeFailure ? io.describeFailure(step, err) : err instanceof Error ? err.message : String(err);
}
