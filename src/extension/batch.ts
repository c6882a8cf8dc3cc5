import * as vscode from 'vscode';
import { captionTargets, type FixTarget } from '../fix/captionImages';
import { imageStartLines } from '../fix/lineIndex';
import type { ImageRef, ResolvedSource } from '../markdown/types';
import { resolveImageSource, type DocumentScan } from './documentScans';
import type { Scanner } from './scanner';
import type { Services } from './services';
import { readSettings } from './settingsSource';
import { anchorOf, type ImageAnchor } from './staleGuard';

/** One image reference that needs alt text, in one document. */
export interface Occurrence {
  id: number;
  uri: vscode.Uri;
  /** 0-based line of the image's start, for display and for opening it (a lone CR ends a line, as in the editor). */
  line: number;
  image: ImageRef;
  anchor: ImageAnchor;
  source: ResolvedSource;
}

/** A proposed alt text for one occurrence, or why there is none. */
export interface Proposal {
  occurrence: Occurrence;
  caption?: string;
  error?: string;
  /** For a screenshot or diagram: the caption and the text read in it, which `caption` combines. */
  parts?: { caption: string; visibleText: string };
  /** The image's bytes' hash: occurrences of the same picture share one caption. */
  imageSha256?: string;
  /** For the review's thumbnail when the image is not a local file (a data: URI or a fetched remote image). */
  bytes?: Uint8Array;
}

export interface BatchProgress {
  report(done: number, total: number): void;
}

/** The occurrences of findings in scanned documents, with their sources resolved. */
export function occurrencesOf(scanner: Scanner, scans: readonly DocumentScan[]): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const scan of scans) {
    if (scan.findings.length === 0) continue;
    const settings = readSettings(scan.uri);
    const lines = imageStartLines(scan.text, scan.findings);
    for (const [index, image] of scan.findings.entries()) {
      occurrences.push({
        id: occurrences.length,
        uri: scan.uri,
        line: lines[index],
        image,
        anchor: anchorOf(scan.text, scan.images, image),
        source: resolveImageSource(scanner, image, scan.uri, settings),
      });
    }
  }
  return occurrences;
}

interface Target extends FixTarget {
  occurrence: Occurrence;
}

/**
 * Captions every distinct image once, through the pipeline the CLI's fix uses: occurrences that
 * point at the same source are read once, and sources with the same bytes (a copied file) are
 * captioned once. Reports "n of total" over the distinct images; a broken image fails only its
 * own occurrences, while a cancel or a missing model ends the batch.
 */
export async function captionOccurrences(
  services: Services,
  occurrences: readonly Occurrence[],
  progress: BatchProgress,
  token: vscode.CancellationToken,
): Promise<Proposal[]> {
  const targets: Target[] = occurrences.map((occurrence) => ({ occurrence, image: occurrence.image, source: occurrence.source }));
  // The pipeline hands on the alt text; what it was made of (caption and text read) goes to the review.
  const partsOf = new Map<string, NonNullable<Proposal['parts']>>();
  const distinct = await captionTargets(targets, {
    read: ({ occurrence }) => services.images.read(occurrence.image.src, occurrence.source, occurrence.uri, token),
    caption: async (bytes, sha256) => {
      const caption = await services.captions.caption({ bytes, sha256, interactive: true, token });
      if (caption.parts) partsOf.set(sha256, caption.parts);
      return caption.text;
    },
    isFatal: (err) =>
      err instanceof vscode.CancellationError || (err as Error)?.name === 'ModelUnavailableError' || (err as Error)?.name === 'AbortError',
    onCaptionError: (image, err) => services.log.error(`Captioning ${image.targets[0].image.src} failed`, err),
    checkCancelled: () => {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
    },
    keepBytes: (target) => target.source.kind !== 'file',
    onProgress: (done, total) => progress.report(done, total),
  });
  const bytesOf = new Map(distinct.map((image) => [image.sha256, image.bytes]));
  return targets.map(({ occurrence, caption, problem, sha256 }) => ({
    occurrence,
    ...(problem ? { error: problem } : { caption, parts: sha256 ? partsOf.get(sha256) : undefined }),
    imageSha256: sha256,
    bytes: sha256 ? bytesOf.get(sha256) : undefined,
  }));
}
