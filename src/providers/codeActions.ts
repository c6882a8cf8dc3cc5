import * as vscode from 'vscode';
import { generateAltText, markDecorative } from '../commands/imageCommands';
import { Command } from '../extension/commandIds';
import type { DocumentScans } from '../extension/documentScans';
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

/**
 * Offers, on an image with missing or unhelpful alt text: "Generate alt text", "Mark as
 * decorative", and "Generate alt text for all images in this file"; and the last one as a source
 * action for the whole file. The actions run commands rather than carry edits, because the caption
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
    const wanted = context.only;
    const actions: vscode.CodeAction[] = [];
    const allInFile = (kind: vscode.CodeActionKind, diagnostics: vscode.Diagnostic[]) => {
      const count = scan.findings.length;
      const action = new vscode.CodeAction(`Generate alt text for all images in this file (${count})`, kind);
      action.command = { command: Command.generateAltTextForFile, title: action.title, arguments: [document.uri.toString()] };
      action.diagnostics = diagnostics;
      return action;
    };

    if (!wanted || wanted.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(wanted)) {
      const start = document.offsetAt(range.start);
      const end = document.offsetAt(range.end);
      const touched = scan.findings.filter((image) => image.range.start <= end && start <= image.range.end);
      for (const image of touched) {
        const target: ImageTarget = { uri: document.uri.toString(), version: document.version, offset: image.range.start };
        const imageRange = new vscode.Range(document.positionAt(image.range.start), document.positionAt(image.range.end));
        const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.range.isEqual(imageRange));

        const generate = new vscode.CodeAction('Generate alt text', vscode.CodeActionKind.QuickFix);
        generate.command = { command: Command.generateAltText, title: generate.title, arguments: [target] };
        generate.diagnostics = diagnostics;
        generate.isPreferred = true;
        actions.push(generate);

        const decorative = new vscode.CodeAction('Mark as decorative', vscode.CodeActionKind.QuickFix);
        decorative.command = { command: Command.markDecorative, title: decorative.title, arguments: [target] };
        decorative.diagnostics = diagnostics;
        actions.push(decorative);
      }
      if (touched.length > 0)
        actions.push(
          allInFile(
            vscode.CodeActionKind.QuickFix,
            context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE),
          ),
        );
    }
    if (wanted && (wanted.contains(GENERATE_ALL_KIND) || GENERATE_ALL_KIND.contains(wanted))) {
      actions.push(allInFile(GENERATE_ALL_KIND, []));
    }
    return actions;
  }
}

/**
 * The light bulb on an image: the code actions, and the two commands they (and the Command
 * Palette, for the image at the cursor) run. "All images in this file" is the file fix's command.
 */
export function registerCodeActionSupport(selector: vscode.DocumentSelector, services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(selector, new AltTextCodeActions(services.scans), AltTextCodeActions.metadata),
    vscode.commands.registerCommand(Command.generateAltText, (target?: ImageTarget) => generateAltText(services, target)),
    vscode.commands.registerCommand(Command.markDecorative, (target?: ImageTarget) => markDecorative(services, target)),
  );
}
