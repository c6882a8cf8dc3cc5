import * as vscode from 'vscode';
import type { ImageRef } from '../markdown/types';
import { kindOfDocument, type DocumentScans } from '../extension/documentScans';
import { projectContexts } from '../extension/projectContexts';
import type { Log } from '../extension/log';
import type { Services } from '../extension/services';
import type { Severity } from '../extension/settings';
import { affectsSettings, readSettings } from '../extension/settingsSource';

export const DIAGNOSTIC_SOURCE = 'Local Alt Text';
const TYPING_DELAY_MS = 300;

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The diagnostic code of each alt state that can be a finding. */
export const DIAGNOSTIC_CODES = { missing: 'missing-alt', empty: 'empty-alt', placeholder: 'placeholder-alt' } as const;

/**
 * Diagnostics for images whose alt text is missing or unhelpful, in every open Markdown, MDX and
 * HTML document: at once when a document opens, and shortly after the writer stops typing.
 */
export class AltTextDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('localAltText');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly scans: DocumentScans,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.schedule(e.document, TYPING_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      // A saved site or project configuration can change every open document's findings.
      projectContexts.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e, 'findings', 'siteRoots', 'mdx', 'files.allowImagesOutsideWorkspace')) {
          this.scans.invalidate();
          this.refreshAll();
        }
      }),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!kindOfDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, delayMs),
    );
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    try {
      const scan = await this.scans.scan(document);
      // A newer version is already scheduled, or the document closed meanwhile.
      if (!scan || document.isClosed || scan.version !== document.version) return;
      const severity = SEVERITIES[readSettings(document.uri).findings.severity];
      for (const warning of scan.warnings) this.log.info(`${vscode.workspace.asRelativePath(document.uri)}: ${warning}`);
      if (scan.tooComplex) {
        this.log.info(`${vscode.workspace.asRelativePath(document.uri)}: ${scan.tooComplex}; not scanned`);
        this.collection.set(document.uri, [tooComplexDiagnostic(scan.tooComplex)]);
        return;
      }
      this.collection.set(
        document.uri,
        scan.findings.map((image) => toDiagnostic(document, image, severity)),
      );
    } catch (err) {
      this.log.error(`Scanning ${document.uri.toString(true)} failed`, err);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

/** One note at the top of a document the scanner refused, so the writer knows it was not checked. */
function tooComplexDiagnostic(reason: string): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(0, 0, 0, 0),
    `Alt text was not checked in this document: ${reason}`,
    vscode.DiagnosticSeverity.Information,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = 'too-complex';
  return diagnostic;
}

function toDiagnostic(document: vscode.TextDocument, image: ImageRef, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(image.range.start), document.positionAt(image.range.end));
  const diagnostic = new vscode.Diagnostic(range, diagnosticMessage(image), severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = DIAGNOSTIC_CODES[image.altState as keyof typeof DIAGNOSTIC_CODES] ?? 'alt-text';
  return diagnostic;
}

/** Says what is wrong and why, in the writer's terms. */
export function diagnosticMessage(image: ImageRef): string {
  const name = imageName(image.src);
  switch (image.altState) {
    case 'missing':
      return image.alt === ''
        ? `Image ${name} has an empty alt text: screen readers announce it as an unlabeled image (mark it as decorative if it is)`
        : `Image ${name} has no alt text`;
    case 'placeholder':
      return `The alt text "${image.alt ?? ''}" of image ${name} does not describe it${image.reason ? `: ${image.reason}` : ''}`;
    case 'empty':
      return `Image ${name} has an empty alt text, which declares it decorative`;
    default:
      return `Image ${name} needs alt text`;
  }
}

function imageName(src: string): string {
  const trimmed = src.trim();
  if (/^data:/i.test(trimmed)) return '(inline data)';
  const withoutQuery = trimmed.replace(/[?#].*$/s, '');
  const name = withoutQuery.slice(withoutQuery.lastIndexOf('/') + 1) || trimmed;
  return `"${name.length > 60 ? `${name.slice(0, 57)}...` : name}"`;
}

/** Diagnostics on every open Markdown, MDX and HTML document (the scanner decides which), kept up to date. */
export function registerDiagnosticsSupport(services: Services): vscode.Disposable {
  return new AltTextDiagnostics(services.scans, services.log);
}
