import * as vscode from 'vscode';
import type { ImageRef, TextEdit } from '../markdown/types';
import { kindOfDocument, scanText } from './documentScans';
import type { Scanner } from './scanner';
import { readSettings } from './settingsSource';
import { planEdits, type ImageAnchor } from './staleGuard';

/** One image to edit, found by an earlier scan of its document. */
export interface ImageEditRequest {
  uri: vscode.Uri;
  anchor: ImageAnchor;
  makeEdit: (text: string, image: ImageRef) => TextEdit;
}

export interface AppliedImageEdit {
  request: ImageEditRequest;
  /** The edit in the coordinates of the text it was applied to. */
  edit: TextEdit;
  /** The document version the edit was applied to (the new version is one more). */
  version: number;
}

export interface ApplyResult {
  applied: AppliedImageEdit[];
  skipped: { request: ImageEditRequest; reason: string }[];
}

const ATTEMPTS = 3;

/**
 * Applies edits to images in one undoable WorkspaceEdit, never on stale text: each document's
 * current text is scanned again, each image found again by its exact text (an image the writer
 * changed is skipped), and VS Code refuses the whole edit if any document changed after we read
 * it (the edit carries the versions we read). Then it starts over, up to a few times.
 */
export async function applyImageEdits(scanner: Scanner, requests: readonly ImageEditRequest[], label: string): Promise<ApplyResult> {
  for (let attempt = 1; ; attempt++) {
    const byDocument = new Map<string, ImageEditRequest[]>();
    for (const request of requests) {
      const key = request.uri.toString();
      byDocument.set(key, [...(byDocument.get(key) ?? []), request]);
    }
    const edit = new vscode.WorkspaceEdit();
    const result: ApplyResult = { applied: [], skipped: [] };
    const versions = new Map<string, number>();
    for (const group of byDocument.values()) {
      // Opening (without showing) makes the extension host track the version VS Code will check.
      const document = await vscode.workspace.openTextDocument(group[0].uri);
      const kind = kindOfDocument(document);
      if (!kind) {
        for (const request of group) result.skipped.push({ request, reason: 'the document is no longer Markdown, MDX or HTML' });
        continue;
      }
      const text = document.getText();
      const version = document.version;
      versions.set(document.uri.toString(), version);
      const scan = scanText(scanner, { uri: document.uri, version, text, kind }, readSettings(document.uri));
      const plan = planEdits(
        text,
        scan.images,
        group,
        (r) => r.anchor,
        (t, image, r) => r.makeEdit(t, image),
      );
      result.skipped.push(...plan.skipped.map(({ item, reason }) => ({ request: item, reason })));
      for (const { item, edit: textEdit } of plan.edits) {
        const range = new vscode.Range(document.positionAt(textEdit.range.start), document.positionAt(textEdit.range.end));
        edit.replace(document.uri, range, textEdit.newText, { label, needsConfirmation: false });
        result.applied.push({ request: item, edit: textEdit, version });
      }
    }
    if (result.applied.length === 0) return result;
    // Any await above lets the writer type; check once more right before handing the edit over.
    const changed = [...versions].some(([uri]) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      return document !== undefined && document.version !== versions.get(uri);
    });
    if (!changed && (await vscode.workspace.applyEdit(edit))) return result;
    if (attempt >= ATTEMPTS) {
      return {
        applied: [],
        skipped: requests.map((request) => ({ request, reason: 'the document kept changing while the edit was being applied' })),
      };
    }
  }
}
