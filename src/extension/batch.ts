import * as vscode from 'vscode';
import type { ImageRef, ResolvedSource } from '../markdown/types';
import { resolveImageSource, type DocumentScan } from './documentScans';
import type { Scanner } from './scanner';
import type { Services } from './services';
import { readSettings } from './settingsSource';
import { anchorOf, type ImageAnchor } from './staleGuard';
import { sha256Hex } from './captionCache';

/** One image reference that needs alt text, in one document. */
export interface Occurrence {
  id: number;
  uri: vscode.Uri;
  /** 0-based line of the image's start, for display. */
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
export function occurrencesOf(
  scanner: Scanner,
  scans: readonly DocumentScan[],
  lineOf: (scan: DocumentScan, offset: number) => number,
): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const scan of scans) {
    const settings = readSettings(scan.uri);
    for (const image of scan.findings) {
      occurrences.push({
        id: occurrences.length,
        uri: scan.uri,
        line: lineOf(scan, image.range.start),
        image,
        anchor: anchorOf(scan.text, scan.images, image),
        source: resolveImageSource(scanner, image, scan.uri, settings),
      });
    }
  }
  return occurrences;
}

/**
 * Captions every distinct image once: occurrences that point at the same source are read once, and
 * sources with the same bytes (a copied file) are captioned once. Reports "n of total" over the
 * distinct images; a broken image fails only its own occurrences.
 */
export async function captionOccurrences(
  services: Services,
  occurrences: readonly Occurrence[],
  progress: BatchProgress,
  token: vscode.CancellationToken,
): Promise<Proposal[]> {
  const bySource = new Map<string, Occurrence[]>();
  for (const occurrence of occurrences) {
    const key = sourceKey(occurrence);
    bySource.set(key, [...(bySource.get(key) ?? []), occurrence]);
  }
  const proposals = new Map<number, Proposal>();
  const byHash = new Map<string, { bytes: Uint8Array; occurrences: Occurrence[] }>();
  for (const group of bySource.values()) {
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    const first = group[0];
    try {
      const bytes = await services.images.read(first.image.src, first.source, first.uri, token);
      const hash = sha256Hex(bytes);
      const entry = byHash.get(hash) ?? { bytes, occurrences: [] };
      entry.occurrences.push(...group);
      byHash.set(hash, entry);
    } catch (err) {
      if (err instanceof vscode.CancellationError) throw err;
      for (const occurrence of group) proposals.set(occurrence.id, { occurrence, error: err instanceof Error ? err.message : String(err) });
    }
  }

  const total = byHash.size;
  let done = 0;
  progress.report(done, total);
  for (const [imageSha256, { bytes, occurrences: group }] of byHash) {
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    try {
      const caption = await services.captions.caption({ bytes, interactive: true, token });
      const keepBytes = group[0].source.kind !== 'file' ? bytes : undefined;
      for (const occurrence of group)
        proposals.set(occurrence.id, { occurrence, caption: caption.text, parts: caption.parts, imageSha256, bytes: keepBytes });
    } catch (err) {
      // No model (declined or failed) or a cancel ends the batch; a bad image only fails itself.
      if (
        err instanceof vscode.CancellationError ||
        (err as Error)?.name === 'ModelUnavailableError' ||
        (err as Error)?.name === 'AbortError'
      )
        throw err;
      const message = err instanceof Error ? err.message : String(err);
      services.log.error(`Captioning ${group[0].image.src} failed`, err);
      for (const occurrence of group) proposals.set(occurrence.id, { occurrence, error: message, imageSha256 });
    }
    progress.report(++done, total);
  }
  return occurrences.map((o) => proposals.get(o.id)!);
}

function sourceKey(occurrence: Occurrence): string {
  const { source, image } = occurrence;
  if (source.kind === 'file' || source.kind === 'remote') return `${source.kind}:${source.resolved}`;
  return `${source.kind}:${image.src.trim()}`;
}
