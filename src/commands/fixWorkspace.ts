import * as vscode from 'vscode';
import { applyImageEdits } from '../extension/applyImageEdits';
import { captionOccurrences, occurrencesOf, type Occurrence, type Proposal } from '../extension/batch';
import { Command } from '../extension/commandIds';
import { kindOfDocument, scanText, type DocumentScan } from '../extension/documentScans';
import { lazy } from '../extension/lazy';
import { projectFileSelection } from '../extension/projectContexts';
import { reportError } from '../extension/reportError';
import { loadScanner, type Scanner } from '../extension/scanner';
import type { Services } from '../extension/services';
import { readSettings } from '../extension/settingsSource';
import { documentKindFor } from '../markdown/documentKind';
import type { ImageRef } from '../markdown/types';
import { applies, defaultDecision, purposeChoices, type Decision, type PurposeJudge } from './review/purposeChoices';
import { ReviewPanel } from './review/reviewPanel';

/** What the workspace fix did, for the caller (and the tests). */
export interface WorkspaceFixResult {
  files: number;
  images: number;
  applied: number;
  skipped: number;
  cancelled: boolean;
}

const NOTHING: WorkspaceFixResult = { files: 0, images: 0, applied: 0, skipped: 0, cancelled: false };

/**
 * "Fix Missing Alt Text in Workspace": scan the selected files, caption each distinct image once
 * (cancellable, with progress), let the writer review every proposal, then apply the accepted ones
 * in one undoable edit, re-checking each image against the text as it is at that moment.
 */
export async function fixWorkspace(services: Services): Promise<WorkspaceFixResult> {
  try {
    const scanner = await loadScanner();
    // One notification for the whole batch: scanning, then "n/total images"; Cancel stops either.
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Local Alt Text', cancellable: true },
      async (progress, token): Promise<{ scans: DocumentScan[]; occurrences: Occurrence[]; proposals?: Proposal[] } | undefined> => {
        const scans = await scanWorkspace(scanner, progress, token);
        if (!scans) return undefined;
        const occurrences = occurrencesOf(scanner, scans);
        services.log.info(
          `Workspace fix: ${occurrences.length} images need alt text in ${scans.filter((s) => s.findings.length).length} of ${scans.length} files`,
        );
        if (occurrences.length === 0) return { scans, occurrences };
        let reported = 0;
        const report = (done: number, total: number) => {
          const percent = total ? (done / total) * 100 : 0;
          progress.report({ message: `captioning ${done}/${total} images`, increment: percent - reported });
          reported = percent;
        };
        try {
          // A badge's alt is its label, never a caption: its picture is not read at all.
          const captioned = await captionOccurrences(
            services,
            occurrences.filter((o) => !scanner.badgeOf(o.image.src)),
            { report },
            token,
          );
          const byId = new Map(captioned.map((p) => [p.occurrence.id, p]));
          return { scans, occurrences, proposals: occurrences.map((o) => byId.get(o.id) ?? { occurrence: o }) };
        } catch (err) {
          if (!(err instanceof vscode.CancellationError)) throw err;
          void vscode.window.showInformationMessage(
            'Captioning was cancelled; nothing was changed. Captions made so far are kept for next time.',
          );
          return { scans, occurrences };
        }
      },
    );
    if (!outcome) return { ...NOTHING, cancelled: true };
    const { scans, occurrences, proposals } = outcome;
    if (occurrences.length === 0) {
      void vscode.window.showInformationMessage(`Every image in ${scans.length} Markdown, MDX and HTML files has alt text.`);
      return { ...NOTHING, files: scans.length };
    }
    if (!proposals) return { ...NOTHING, files: scans.length, images: occurrences.length, cancelled: true };
    for (const p of proposals.filter((q) => q.error))
      services.log.info(
        `No caption for ${p.occurrence.image.src} (${vscode.workspace.asRelativePath(p.occurrence.uri)}:${p.occurrence.line + 1}): ${p.error}`,
      );

    const decisions = autoAccept(services)
      ? acceptEverything(proposals, scanner)
      : await ReviewPanel.show(services.context.extensionUri, proposals);
    if (!decisions) {
      void vscode.window.showInformationMessage('The review was closed; nothing was changed.');
      return { ...NOTHING, files: scans.length, images: occurrences.length, cancelled: true };
    }
    const accepted = decisions.filter(applies);
    const byId = new Map(proposals.map((p) => [p.occurrence.id, p]));
    const result = await applyImageEdits(
      scanner,
      accepted.map((d) => {
        const { occurrence } = byId.get(d.occurrenceId)!;
        const makeEdit =
          d.purpose === 'decorative'
            ? (text: string, image: ImageRef) => scanner.decorativeEdit(text, image)
            : (text: string, image: ImageRef) => scanner.altEdit(text, image, d.caption);
        return { uri: occurrence.uri, anchor: occurrence.anchor, makeEdit };
      }),
      'Fix missing alt text in workspace',
    );
    for (const s of result.skipped) services.log.info(`Not changed (${vscode.workspace.asRelativePath(s.request.uri)}): ${s.reason}`);
    const files = new Set(result.applied.map((a) => a.request.uri.toString())).size;
    services.log.info(
      `Workspace fix: applied ${result.applied.length} alt texts in ${files} files, ${result.skipped.length} skipped because their text changed`,
    );
    const skippedNote = result.skipped.length ? ` ${result.skipped.length} changed meanwhile and were left alone.` : '';
    void vscode.window.showInformationMessage(`Added alt text to ${result.applied.length} images in ${files} files.${skippedNote}`);
    return {
      files: scans.length,
      images: occurrences.length,
      applied: result.applied.length,
      skipped: result.skipped.length,
      cancelled: false,
    };
  } catch (err) {
    await reportError(services.log, 'Fixing alt text in the workspace failed', err);
    return NOTHING;
  }
}

/** Every proposal as the review would start it: the likely purpose and its suggestion. */
function acceptEverything(proposals: readonly Proposal[], judge: PurposeJudge): Decision[] {
  return proposals.map((p) => defaultDecision(p.occurrence.id, purposeChoices(p.occurrence.image, p.caption, judge))).filter(applies);
}

/** Scans every selected file: open documents as they are in the editor (unsaved changes too), others from disk. */
async function scanWorkspace(
  scanner: Scanner,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<DocumentScan[] | undefined> {
  // Glob matching and .gitignore rules load only when a workspace fix runs.
  const { findDocumentFiles } = await lazy('workspaceFiles');
  const uris = await findDocumentFiles((folder) => projectFileSelection(scanner, folder, readSettings(folder.uri).files), token);
  const scans: DocumentScan[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [index, uri] of uris.entries()) {
    if (token.isCancellationRequested) return undefined;
    if (index % 20 === 0) progress.report({ message: `scanning ${index}/${uris.length} files` });
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    let version = -1;
    if (open) {
      text = open.getText();
      version = open.version;
    } else {
      try {
        text = decoder.decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        // Not UTF-8 (or unreadable): leave it to the editor, which knows its encoding.
        continue;
      }
    }
    const kind = (open && kindOfDocument(open)) ?? documentKindFor(uri.path);
    if (!kind) continue;
    scans.push(scanText(scanner, { uri, version, text, kind }, readSettings(uri)));
  }
  return scans;
}

/**
 * The review is skipped only for the extension's own automated tests: the setting is not
 * contributed, so a workspace could set it, and a workspace must not skip the writer's review. The
 * tests run the installed VSIX (production mode), so they say who they are through the extension
 * host's environment, which a workspace cannot set.
 */
function autoAccept(services: Services): boolean {
  const testRun = services.context.extensionMode !== vscode.ExtensionMode.Production || process.env[TEST_RUN_VARIABLE] === '1';
  return readSettings().autoAcceptReview && testRun;
}

/** Set to 1 in the extension host's environment by the host-test harness (test/host/with-code-server.sh). */
const TEST_RUN_VARIABLE = 'LOCAL_ALT_TEXT_HOST_TESTS';

/** "Fix Missing Alt Text in Workspace", and the Apply and Cancel commands of its review. */
export function registerWorkspaceFixSupport(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Command.fixWorkspace, () => fixWorkspace(services)),
    vscode.commands.registerCommand(Command.reviewApply, () => ReviewPanel.active()?.apply()),
    vscode.commands.registerCommand(Command.reviewCancel, () => ReviewPanel.active()?.cancel()),
  );
}
