import * as vscode from 'vscode';
import { documentKindFor } from '../markdown/documentKind';
import type { ScanOptions, ScanResult } from '../markdown';
import type { DocumentKind, ImageRef, ResolvedSource } from '../markdown/types';
import { projectContexts } from './projectContexts';
import { OffThreadScanner, scansInline } from './offThreadScanner';
import { loadScanner, type Scanner } from './scanner';
import type { Settings } from './settings';
import { readSettings } from './settingsSource';

/** The images of one document at one version, as the scanner saw them. */
export interface DocumentScan {
  uri: vscode.Uri;
  version: number;
  text: string;
  kind: DocumentKind;
  images: ImageRef[];
  /** The images whose alt state the settings count as findings. */
  findings: ImageRef[];
  warnings: string[];
  /** Set when the document is too large or too complex to scan: why, for the writer. */
  tooComplex?: string;
}

const LANGUAGE_KINDS: Record<string, DocumentKind> = {
  markdown: 'markdown',
  mdx: 'mdx',
  html: 'html',
  quarto: 'markdown',
  asciidoc: 'asciidoc',
};

/** Which parser a document needs: by file name first (MDX often has no language of its own), then language. */
export function kindOfDocument(document: vscode.TextDocument): DocumentKind | undefined {
  return (document.uri.scheme === 'untitled' ? undefined : documentKindFor(document.fileName)) ?? LANGUAGE_KINDS[document.languageId];
}

/** Scanner options that follow from the settings. */
export function scanOptionsFor(settings: Settings): { emptyMarkdownAlt: 'missing' | 'decorative' } {
  return { emptyMarkdownAlt: settings.findings.emptyMarkdownAltIsDecorative ? 'decorative' : 'missing' };
}

/**
 * Scans open documents and keeps the latest result per document, so diagnostics, code actions and
 * hovers of one version share one parse.
 */
export class DocumentScans implements vscode.Disposable {
  private readonly latest = new Map<string, { version: number; generation: number; scan: DocumentScan }>();
  // Bumped when a setting that changes scan results changes, which invalidates every entry.
  private generation = 0;
  private readonly listener = vscode.workspace.onDidCloseTextDocument((d) => this.latest.delete(d.uri.toString()));
  private readonly projectListener = projectContexts.onDidChange(() => this.generation++);
  // Large or markup-dense documents are scanned off the extension host's thread, so typing never waits.
  private readonly offThread = new OffThreadScanner();

  invalidate(): void {
    this.generation++;
    projectContexts.invalidate();
  }

  async scan(document: vscode.TextDocument): Promise<DocumentScan | undefined> {
    const kind = kindOfDocument(document);
    if (!kind) return undefined;
    const key = document.uri.toString();
    const known = this.latest.get(key);
    if (known && known.version === document.version && known.generation === this.generation) return known.scan;
    const scanner = await loadScanner();
    // The document may have changed while the scanner loaded; scan what it holds now.
    const version = document.version;
    const text = document.getText();
    const settings = readSettings(document.uri);
    const generation = this.generation;
    const current = { uri: document.uri, version, text, kind };
    const scan = scansInline(text)
      ? scanText(scanner, current, settings)
      : await scanTextOffThread(this.offThread, scanner, current, settings);
    this.latest.set(key, { version, generation, scan });
    return scan;
  }

  /** Any image (finding or not) whose range contains `offset`. */
  async imageAt(document: vscode.TextDocument, offset: number): Promise<{ scan: DocumentScan; image: ImageRef } | undefined> {
    const scan = await this.scan(document);
    const image = scan?.images.find((ref) => ref.range.start <= offset && offset <= ref.range.end);
    return scan && image ? { scan, image } : undefined;
  }

  dispose(): void {
    this.offThread.dispose();
    this.listener.dispose();
    this.projectListener.dispose();
    this.latest.clear();
  }
}

/** How the project reads a document: its configuration file and its site generator may read a file another way (Docusaurus reads `.md` as MDX). */
function projectReading(
  scanner: Scanner,
  uri: vscode.Uri,
  given: DocumentKind,
  settings: Settings,
): { kind: DocumentKind; options: ScanOptions } {
  const project = projectContexts.forDocument(scanner, uri, settings);
  const kind = project?.kindFor(uri.fsPath) ?? given;
  const options = project ? { ...project.scanOptionsFor(uri.fsPath), ...scanOptionsFor(settings) } : scanOptionsFor(settings);
  return { kind, options };
}

/** One version of a document's text, and the kind its name or language gives it. */
export interface DocumentText {
  uri: vscode.Uri;
  version: number;
  text: string;
  kind: DocumentKind;
}

/** Scans on this thread; a document past the scan limits gives a scan with no images and why. */
export function scanText(scanner: Scanner, document: DocumentText, settings: Settings): DocumentScan {
  const { kind, options } = projectReading(scanner, document.uri, document.kind, settings);
  let outcome: ScanOutcome;
  try {
    outcome = scanner.scanDocumentWithWarnings(document.text, kind, options);
  } catch (error) {
    if (!(error instanceof scanner.ScanLimitError)) throw error;
    outcome = { limit: error };
  }
  return documentScan(scanner, { ...document, kind }, settings, outcome);
}

/** The same scan in the scanner thread. */
export async function scanTextOffThread(
  offThread: OffThreadScanner,
  scanner: Scanner,
  document: DocumentText,
  settings: Settings,
): Promise<DocumentScan> {
  const { kind, options } = projectReading(scanner, document.uri, document.kind, settings);
  const scanned = await offThread.scan(document.text, kind, options);
  const outcome: ScanOutcome =
    'limit' in scanned ? { limit: new scanner.ScanLimitError(scanned.limit.reason, scanned.limit.detail) } : scanned;
  return documentScan(scanner, { ...document, kind }, settings, outcome);
}

/** The scanner's result, or the scan limit the document went past. */
type ScanOutcome = ScanResult | { limit: Error };

/** A scan's outcome as the editor keeps it: the findings picked out, or no images and why. */
function documentScan(scanner: Scanner, scanned: DocumentText, settings: Settings, outcome: ScanOutcome): DocumentScan {
  if ('limit' in outcome) return { ...scanned, images: [], findings: [], warnings: [], tooComplex: outcome.limit.message };
  const { images, warnings } = outcome;
  const findings = images.filter((ref) => scanner.isFinding(ref, settings.findings.states));
  return { ...scanned, images, findings, warnings };
}

/** Where an image's source points, with the workspace folders as the boundary. */
export function resolveImageSource(scanner: Scanner, image: ImageRef, documentUri: vscode.Uri, settings: Settings): ResolvedSource {
  // An untitled or virtual document has no folder: only remote and inline images can be read.
  if (documentUri.scheme !== 'file') return scanner.resolveSource(image.src, undefined, { workspaceRoots: [] });
  const project = projectContexts.forDocument(scanner, documentUri, settings);
  if (project) return project.resolve(image.src, documentUri.fsPath);
  const workspaceRoots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return scanner.resolveSource(image.src, documentUri.fsPath, {
    workspaceRoots,
    siteRoots: settings.siteRoots.length ? settings.siteRoots : undefined,
    allowOutsideWorkspace: settings.allowImagesOutsideWorkspace,
  });
}
