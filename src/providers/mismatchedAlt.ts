import * as vscode from 'vscode';
import { OpenDocumentDiagnostics } from '../extension/openDocumentDiagnostics';
import type { ImageRef } from '../markdown/types';
import { resolveImageSource, type DocumentScans } from '../extension/documentScans';
import type { ReadyModel } from '../extension/modelAccess';
import { loadScanner } from '../extension/scanner';
import { readSettings } from '../extension/settingsSource';
import { hasAltToVerify, mismatchedAltProblem, scoreAndThreshold } from '../rules/mismatchedAlt';
import { replaceAltText } from '../commands/replaceAltText';
import { Command } from '../extension/commandIds';
import type { Services } from '../extension/services';
import { asksFor, imageTarget, type ImageTarget } from './codeActions';
import { DIAGNOSTIC_SOURCE, diagnosticRule, rulesFor, toDiagnostic } from './diagnostics';
import { projectContexts } from '../extension/projectContexts';
import { errorMessage } from '../extension/reportError';
import { capitalise } from '../purpose/capitalise';

export const MISMATCHED_ALT = 'mismatched-alt';

/** What scoring an image's alt text uses: the matching worker, the image reader and the log. */
type MatchServices = Pick<Services, 'matches' | 'images' | 'log'>;

// Matching costs a model run per image: wait until the writer has stopped typing for a while.
const TYPING_DELAY_MS = 1000;

/**
 * `mismatched-alt` diagnostics: the alt text of each image file in an open document, scored
 * against the picture in the matching worker, below `localAltText.verifyAlt.threshold`, at the
 * severity the rules' settings give `mismatched-alt` (none while it is off). Only when
 * `localAltText.verifyAlt.enabled` is on and the matching model is on this machine (otherwise the
 * download is offered once); remote images are never fetched for it.
 */
export class MismatchedAltDiagnostics extends OpenDocumentDiagnostics {
  constructor(private readonly services: MatchServices & Pick<Services, 'scans'>) {
    super('localAltText.mismatchedAlt', TYPING_DELAY_MS);
    this.disposeWith(
      services.matches.onDidChange(() => this.refreshAll()),
      // The project file's "rules" can change mismatched-alt's severity or turn it off.
      projectContexts.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('localAltText')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  protected async update(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    if (!this.services.matches.enabled(document.uri)) {
      // Only when there is something to take away: with the check off, nothing here touches the document's markers.
      if (this.collection.has(document.uri)) this.collection.delete(document.uri);
      return;
    }
    try {
      const model = await this.services.matches.available();
      if (!model) {
        if (this.collection.has(document.uri)) this.collection.delete(document.uri);
        this.services.matches.offerDownload();
        return;
      }
      const scan = await this.services.scans.scan(document);
      if (!scan || document.isClosed || scan.version !== document.version) return;
      const threshold = this.services.matches.threshold(document.uri);
      const rules = await rulesFor(document.uri, readSettings(document.uri));
      const diagnostics: vscode.Diagnostic[] = [];
      // With the rule off there is nothing to report: the model is not run for it.
      const images = rules.levels[MISMATCHED_ALT] === 'off' ? [] : scan.images.filter(hasAltToVerify);
      for (const image of images) {
        const itm = await scoreOf(image, document.uri, model, this.services);
        // A newer version is scheduled, or the document closed: its own update will set the diagnostics.
        if (document.isClosed || document.version !== scan.version) return;
        const problem = itm === undefined ? undefined : mismatchedAltProblem({ alt: image.alt!, itm }, threshold, rules);
        if (problem) diagnostics.push(toDiagnostic(document, image, { ...problem, message: capitalise(problem.message) }));
      }
      if (!this.services.matches.enabled(document.uri)) return;
      this.collection.set(document.uri, diagnostics);
    } catch (err) {
      this.services.log.error(`Checking alt text in ${document.uri.toString(true)} against its images failed`, err);
    }
  }
}

/**
 * The probability of match of an image file's alt text; undefined for an image that is not a
 * readable local file (remote and inline images are not scored, as the CLI leaves them).
 */
export async function scoreOf(
  image: ImageRef,
  documentUri: vscode.Uri,
  model: ReadyModel,
  { matches, images, log }: MatchServices,
  bytes?: Uint8Array,
): Promise<number | undefined> {
  const notChecked = (err: unknown): undefined => {
    log.info(`${vscode.workspace.asRelativePath(documentUri)}: alt text of ${image.src} not checked: ${errorMessage(err)}`);
    return undefined;
  };
  if (!bytes) {
    const source = resolveImageSource(await loadScanner(), image, documentUri, readSettings(documentUri));
    if (source.kind !== 'file' || !source.exists) return undefined;
    try {
      bytes = await images.read(image.src, source, documentUri);
    } catch (err) {
      return notChecked(err);
    }
  }
  try {
    return await matches.score(bytes, image.alt!, model);
  } catch (err) {
    return notChecked(err);
  }
}

/** "Replace with generated alt text" on each `mismatched-alt` diagnostic in the request. */
async function replaceAltTextActions(
  scans: DocumentScans,
  document: vscode.TextDocument,
  context: vscode.CodeActionContext,
): Promise<vscode.CodeAction[]> {
  const mismatched = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && diagnosticRule(d) === MISMATCHED_ALT);
  if (mismatched.length === 0 || !asksFor(context.only, vscode.CodeActionKind.QuickFix)) return [];
  const scan = await scans.scan(document);
  if (!scan || scan.version !== document.version) return [];
  const actions: vscode.CodeAction[] = [];
  for (const diagnostic of mismatched) {
    const start = document.offsetAt(diagnostic.range.start);
    const image = scan.images.find((ref) => ref.range.start === start);
    if (!image) continue;
    const action = new vscode.CodeAction('Replace with generated alt text', vscode.CodeActionKind.QuickFix);
    action.command = { command: Command.replaceAltText, title: action.title, arguments: [imageTarget(document, image)] };
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    actions.push(action);
  }
  return actions;
}

/** Checking existing alt text: its diagnostics, its quick fix and command, the matching model's download. */
export function registerMismatchedAltSupport(selector: vscode.DocumentSelector, services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    new MismatchedAltDiagnostics(services),
    vscode.languages.registerCodeActionsProvider(
      selector,
      { provideCodeActions: (document, _range, context) => replaceAltTextActions(services.scans, document, context) },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.commands.registerCommand(Command.replaceAltText, (target?: ImageTarget) => replaceAltText(services, target)),
    vscode.commands.registerCommand(Command.downloadMatchModel, () => services.matches.download(false)),
  );
}

/**
 * The hover's line on an image with alt text, while checking is on and the matching model is
 * here: the score against the threshold, or that it is being computed. Empty otherwise.
 */
export async function matchScoreMarkdown(
  image: ImageRef,
  bytes: Uint8Array,
  documentUri: vscode.Uri,
  services: MatchServices,
  waitMs: number,
): Promise<string> {
  if (!hasAltToVerify(image) || !services.matches.enabled(documentUri)) return '';
  const model = await services.matches.available();
  if (!model) return '';
  const scoring = scoreOf(image, documentUri, model, services, bytes);
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), waitMs));
  const itm = await Promise.race([scoring, timeout]);
  if (itm === 'timeout') return '\n\n$(loading~spin) Matching the alt text against the image… (hover again in a moment)';
  if (itm === undefined) return '';
  const threshold = services.matches.threshold(documentUri);
  const [score, limit] = scoreAndThreshold(itm, threshold);
  const verdict = itm < threshold ? `below the threshold ${limit}: it may not describe the image` : `threshold ${limit}`;
  return `\n\n**Match score:** ${score} (${verdict})`;
}
