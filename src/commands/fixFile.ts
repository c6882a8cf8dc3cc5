import * as vscode from 'vscode';
import { applyImageEdits } from '../extension/applyImageEdits';
import { captionOccurrences, occurrencesOf, type Occurrence, type Proposal } from '../extension/batch';
import { Command } from '../extension/commandIds';
import { reportError } from '../extension/reportError';
import { loadScanner } from '../extension/scanner';
import type { Services } from '../extension/services';

/**
 * "Generate alt text for all images in this file": captions each finding of one document (each
 * distinct image once) and inserts all captions in one undoable edit. The writer asked for this
 * file explicitly, so there is no review step; undo takes it all back.
 */
export async function generateAltTextForFile(services: Services, uriArgument?: string | vscode.Uri): Promise<number> {
  try {
    const uri =
      typeof uriArgument === 'string' ? vscode.Uri.parse(uriArgument) : (uriArgument ?? vscode.window.activeTextEditor?.document.uri);
    if (!uri) return 0;
    const document = await vscode.workspace.openTextDocument(uri);
    const scan = await services.scans.scan(document);
    if (!scan || scan.findings.length === 0) {
      void vscode.window.showInformationMessage('Every image in this file has alt text.');
      return 0;
    }
    const scanner = await loadScanner();
    // A badge's alt is its label, never a caption: its picture is not read at all.
    const badges: Proposal[] = [];
    const occurrences: Occurrence[] = [];
    for (const occurrence of occurrencesOf(scanner, [scan])) {
      const badge = scanner.badgeOf(occurrence.image.src);
      if (badge) badges.push({ occurrence, caption: badge.alt });
      else occurrences.push(occurrence);
    }
    const proposals = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Generating alt text', cancellable: true },
      (progress, token) => {
        let reported = 0;
        return captionOccurrences(
          services,
          occurrences,
          {
            report: (done, total) => {
              const percent = total ? (done / total) * 100 : 0;
              progress.report({ message: `${done}/${total} images`, increment: percent - reported });
              reported = percent;
            },
          },
          token,
        );
      },
    );
    proposals.push(...badges);
    const ready = proposals.filter((p) => p.caption);
    const result = await applyImageEdits(
      scanner,
      ready.map((p) => ({ uri, anchor: p.occurrence.anchor, makeEdit: (text, image) => scanner.altEdit(text, image, p.caption!) })),
      'Generate alt text for all images',
    );
    const problems = proposals.length - ready.length + result.skipped.length;
    for (const p of proposals.filter((q) => q.error)) services.log.info(`No caption for ${p.occurrence.image.src}: ${p.error}`);
    for (const s of result.skipped) services.log.info(`Not changed: ${s.reason}`);
    if (problems > 0) {
      void vscode.window
        .showWarningMessage(
          `Added alt text to ${result.applied.length} of ${proposals.length} images; ${problems} could not be captioned or changed meanwhile.`,
          'Show Log',
        )
        .then((c) => c && services.log.show());
    }
    return result.applied.length;
  } catch (err) {
    await reportError(services.log, 'Generating alt text for the file failed', err);
    return 0;
  }
}

/** "Generate alt text for all images in this file" (a code action, a source action and a command). */
export function registerFileFixSupport(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(Command.generateAltTextForFile, (uri?: string | vscode.Uri) =>
    generateAltTextForFile(services, uri),
  );
}
