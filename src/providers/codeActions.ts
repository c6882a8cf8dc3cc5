import * as vscode from 'vscode';
import { generateAltText, markDecorative } from '../commands/imageCommands';
import { Command } from '../extension/commandIds';
import type { DocumentScans } from '../extension/documentScans';
import type { ImageRef } from '../markdown/types';
import { loadScanner } from '../extension/scanner';
import type { ImagePurpose, PurposeGuess } from '../purpose';
import { applyPurpose, choosePurpose } from '../commands/purposeCommands';
import type { Services } from '../extension/services';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** The source action's kind: "Source Action..." and `editor.codeActionsOnSave` can name it. */
export const GENERATE_ALL_KIND = vscode.CodeActionKind.Source.append('localAltText').append('generateAll');

/** Which image a command should act on: the document, its version when the action was offered, and where the image started. */
export interface ImageTarget {
  uri: string;
  version: number;
  offset: number;
}

/** The target of an image in a document as it is now. */
export function imageTarget(document: vscode.TextDocument, image: ImageRef): ImageTarget {
  return { uri: document.uri.toString(), version: document.version, offset: image.range.start };
}

/** Whether a request for code actions limited to `only` (all kinds when unset) wants actions of `kind`. */
export function asksFor(only: vscode.CodeActionKind | undefined, kind: vscode.CodeActionKind): boolean {
  return !only || only.contains(kind) || kind.contains(only);
}

/**
 * Offers, on an image with missing or unhelpful alt text, what its likely purpose calls for first
 * (a badge's label, a link's purpose, "Mark as decorative" for a spacer or an icon beside text,
 * "Generate alt text" otherwise), then the other choices and "Choose the image's purpose...", and
 * "Generate alt text for all images in this file"; and the last one as a source action for the
 * whole file. The actions run commands rather than carry edits, because the caption
 * is computed only when the writer picks the action.
 */
export class AltTextCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, GENERATE_ALL_KIND],
  };

  constructor(private readonly scans: DocumentScans) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const scan = await this.scans.scan(document);
    if (!scan || scan.findings.length === 0 || scan.version !== document.version) return [];
    // Loaded by the scan already; the purpose guesses live in the same bundle.
    const scanner = await loadScanner();
    const wanted = context.only;
    const actions: vscode.CodeAction[] = [];
    const allInFile = (kind: vscode.CodeActionKind, diagnostics: vscode.Diagnostic[]) => {
      const count = scan.findings.length;
      const action = new vscode.CodeAction(`Generate alt text for all images in this file (${count})`, kind);
      action.command = { command: Command.generateAltTextForFile, title: action.title, arguments: [document.uri.toString()] };
      action.diagnostics = diagnostics;
      return action;
    };

    if (asksFor(wanted, vscode.CodeActionKind.QuickFix)) {
      const start = document.offsetAt(range.start);
      const end = document.offsetAt(range.end);
      const touched = scan.findings.filter((image) => image.range.start <= end && start <= image.range.end);
      for (const image of touched) {
        const target = imageTarget(document, image);
        const imageRange = new vscode.Range(document.positionAt(image.range.start), document.positionAt(image.range.end));
        const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.range.isEqual(imageRange));

        actions.push(...imageActions(target, diagnostics, scanner.guessPurpose(image)));
      }
      if (touched.length > 0)
        actions.push(
          allInFile(
            vscode.CodeActionKind.QuickFix,
            context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE),
          ),
        );
    }
    if (wanted && asksFor(wanted, GENERATE_ALL_KIND)) {
      actions.push(allInFile(GENERATE_ALL_KIND, []));
    }
    return actions;
  }
}

/**
 * The light bulb on an image: the code actions, and the commands they (and the Command Palette,
 * for the image at the cursor) run. "All images in this file" is the file fix's command.
 */
export function registerCodeActionSupport(selector: vscode.DocumentSelector, services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(selector, new AltTextCodeActions(services.scans), AltTextCodeActions.metadata),
    vscode.commands.registerCommand(Command.generateAltText, (target?: ImageTarget) => generateAltText(services, target)),
    vscode.commands.registerCommand(Command.markDecorative, (target?: ImageTarget) => markDecorative(services, target)),
    vscode.commands.registerCommand(Command.choosePurpose, (target?: ImageTarget) => choosePurpose(services, target)),
    vscode.commands.registerCommand(Command.applyPurpose, (target: ImageTarget | undefined, purpose: ImagePurpose) =>
      applyPurpose(services, target, purpose),
    ),
  );
}

/** The quick fixes for one image, the one its likely purpose calls for first (and preferred). */
function imageActions(target: ImageTarget, diagnostics: vscode.Diagnostic[], guess: PurposeGuess): vscode.CodeAction[] {
  const action = (title: string, command: string, args: unknown[]) => {
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    a.command = { command, title, arguments: args };
    a.diagnostics = diagnostics;
    return a;
  };
  const generate = action('Generate alt text', Command.generateAltText, [target]);
  const decorative = action('Mark as decorative', Command.markDecorative, [target]);
  const choose = action('Choose the image’s purpose…', Command.choosePurpose, [target]);
  let ordered: vscode.CodeAction[];
  if (guess.badge)
    // A badge's picture is a few words: a caption would describe its shape, never what it says.
    ordered = [action(`Use the badge’s label: “${guess.badge.alt}”`, Command.applyPurpose, [target, 'text']), decorative, choose];
  else if (guess.purpose === 'functional' && guess.linkPurpose)
    ordered = [
      action(`Use the link’s purpose: “${guess.linkPurpose}”`, Command.applyPurpose, [target, 'functional']),
      generate,
      decorative,
      choose,
    ];
  else if (guess.purpose === 'decorative') ordered = [decorative, generate, choose];
  else ordered = [generate, decorative, choose];
  ordered[0].isPreferred = true;
  return ordered;
}
