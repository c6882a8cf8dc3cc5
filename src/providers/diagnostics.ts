import * as vscode from 'vscode';
import { OpenDocumentDiagnostics } from '../extension/openDocumentDiagnostics';
import type { ImageRef } from '../markdown/types';
import type { DocumentScan, DocumentScans } from '../extension/documentScans';
import { projectContexts } from '../extension/projectContexts';
import type { Log } from '../extension/log';
import { loadScanner } from '../extension/scanner';
import type { Services } from '../extension/services';
import type { Settings } from '../extension/settings';
import { affectsSettings, readSettings } from '../extension/settingsSource';
import { judgeImages, ruleConfig, ruleHelpUrl, type Problem, type ProblemSeverity, type RuleConfig } from '../rules';

export const DIAGNOSTIC_SOURCE = 'Local Alt Text';
const TYPING_DELAY_MS = 300;

const SEVERITIES: Record<ProblemSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Diagnostics for what the rules find in images' alt text, one per problem, in every open Markdown,
 * MDX and HTML document: at once when a document opens, and shortly after the writer stops typing.
 */
export class AltTextDiagnostics extends OpenDocumentDiagnostics {
  constructor(
    private readonly scans: DocumentScans,
    private readonly log: Log,
  ) {
    super('localAltText', TYPING_DELAY_MS);
    this.disposeWith(
      // A saved site or project configuration can change every open document's findings.
      projectContexts.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e, 'findings', 'rules', 'siteRoots', 'mdx', 'files.allowImagesOutsideWorkspace')) {
          this.scans.invalidate();
          this.refreshAll();
        }
      }),
    );
    this.refreshAll();
  }

  protected async update(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    try {
      const scan = await this.scans.scan(document);
      // A newer version is already scheduled, or the document closed meanwhile.
      if (!scan || document.isClosed || scan.version !== document.version) return;
      for (const warning of scan.warnings) this.log.info(`${vscode.workspace.asRelativePath(document.uri)}: ${warning}`);
      if (scan.tooComplex) {
        this.log.info(`${vscode.workspace.asRelativePath(document.uri)}: ${scan.tooComplex}; not scanned`);
        this.collection.set(document.uri, [tooComplexDiagnostic(scan.tooComplex)]);
        return;
      }
      const rules = await rulesFor(document.uri, readSettings(document.uri));
      if (document.isClosed || document.version !== scan.version) return;
      this.collection.set(document.uri, documentDiagnostics(document, scan, rules));
    } catch (err) {
      this.log.error(`Scanning ${document.uri.toString(true)} failed`, err);
    }
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

/** The rules as this document's project configuration and the settings set them, over the defaults. */
export async function rulesFor(uri: vscode.Uri, settings: Settings): Promise<RuleConfig> {
  const project = projectContexts.forDocument(await loadScanner(), uri, settings);
  return ruleConfig(project?.ruleSettings(), settings.rules);
}

/** One diagnostic per problem of each image of the scan. */
export function documentDiagnostics(document: vscode.TextDocument, scan: DocumentScan, rules: RuleConfig): vscode.Diagnostic[] {
  const problems = judgeImages(scan.images, rules);
  return scan.images.flatMap((image, i) => problems[i].map((problem) => toDiagnostic(document, image, problem)));
}

/** A problem as the editor shows it: the image's range, the rule's severity, and its id linking to its help. */
export function toDiagnostic(document: vscode.TextDocument, image: ImageRef, problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(image.range.start), document.positionAt(image.range.end));
  const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITIES[problem.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: problem.rule, target: vscode.Uri.parse(ruleHelpUrl(problem.rule)) };
  return diagnostic;
}

/** The rule id of one of our diagnostics (its `code`'s value), or undefined for another kind of code. */
export function diagnosticRule(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : undefined;
}

/** Diagnostics on every open Markdown, MDX and HTML document (the scanner decides which), kept up to date. */
export function registerDiagnosticsSupport(services: Services): vscode.Disposable {
  return new AltTextDiagnostics(services.scans, services.log);
}
