import * as vscode from 'vscode';
import type { ImageRef } from '../markdown/types';
import { applyImageEdits, type AppliedImageEdit, type ApplyResult, type ImageEditRequest } from '../extension/applyImageEdits';
import type { DocumentScan } from '../extension/documentScans';
import { reportError } from '../extension/reportError';
import { loadScanner, type Scanner } from '../extension/scanner';
import type { Services } from '../extension/services';
import { anchorOf } from '../extension/staleGuard';
import type { ImageTarget } from '../providers/codeActions';

/** An image a command acts on, with the document and the scan it was found in. */
export interface FoundImage {
  document: vscode.TextDocument;
  scan: DocumentScan;
  image: ImageRef;
}

/**
 * The image a command was invoked for, looked up in the document as it is now: among the scan's
 * findings (the images the settings count as lacking alt text), or among all its images.
 */
export async function targetImage(
  services: Services,
  target: ImageTarget | undefined,
  among: 'findings' | 'images' = 'findings',
): Promise<FoundImage | undefined> {
  let document: vscode.TextDocument | undefined;
  let offset: number | undefined;
  if (target) {
    document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    offset = target.offset;
  } else {
    // From the Command Palette: the image at the cursor.
    const editor = vscode.window.activeTextEditor;
    document = editor?.document;
    offset = editor && document ? document.offsetAt(editor.selection.active) : undefined;
  }
  if (!document || offset === undefined) return undefined;
  const scan = await services.scans.scan(document);
  if (!scan) return undefined;
  // Same version: the image starts exactly there. The writer typed since: the image around that offset.
  const candidates = scan[among];
  const image =
    target && target.version === scan.version
      ? candidates.find((r) => r.range.start === target.offset)
      : candidates.find((r) => r.range.start <= offset && offset <= r.range.end);
  return image ? { document, scan, image } : undefined;
}

/** The target that names a found image exactly: its scan's version and its start. */
export function exactTarget({ document, scan, image }: FoundImage): ImageTarget {
  return { uri: document.uri.toString(), version: scan.version, offset: image.range.start };
}

/** The one edit of a found image, as an undoable edit that is skipped if the image changed since it was found. */
export function editFoundImage(
  scanner: Scanner,
  { document, scan, image }: FoundImage,
  makeEdit: ImageEditRequest['makeEdit'],
  label: string,
): Promise<ApplyResult> {
  return applyImageEdits(scanner, [{ uri: document.uri, anchor: anchorOf(scan.text, scan.images, image), makeEdit }], label);
}

/** Captions one image of a document behind a cancellable notification; resolves to the caption text. */
export async function captionWithProgress(services: Services, scanner: Scanner, image: ImageRef, documentUri: vscode.Uri): Promise<string> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Generating alt text…', cancellable: true },
    async (_progress, token) => {
      const { bytes } = await services.images.load(scanner, image, documentUri, token);
      return (await services.captions.caption({ bytes, interactive: true, token })).text;
    },
  );
}

/** How a command that writes a caption as an image's alt text speaks of it. */
export interface CaptionWording {
  /** The undoable edit's label. */
  label: string;
  /** Shown when the model gives an empty caption. */
  empty: string;
  /** Opens the warning when the edit is refused because the image changed. */
  notWritten: string;
}

const GENERATING: CaptionWording = {
  label: 'Generate alt text',
  empty: 'The model gave an empty caption for this image; nothing was inserted.',
  notWritten: 'The alt text was not inserted',
};

/**
 * Captions a found image (unless its caption is known already) and writes the caption as its alt
 * text. Resolves to the caption and the edit as applied, or to undefined once the writer has been
 * told why nothing was written.
 */
export async function writeCaption(
  services: Services,
  scanner: Scanner,
  found: FoundImage,
  wording: CaptionWording,
  knownCaption?: string,
): Promise<{ caption: string; applied: AppliedImageEdit } | undefined> {
  const caption = knownCaption ?? (await captionWithProgress(services, scanner, found.image, found.document.uri));
  if (!caption) {
    void vscode.window.showWarningMessage(wording.empty);
    return undefined;
  }
  const result = await editFoundImage(scanner, found, (text, img) => scanner.altEdit(text, img, caption), wording.label);
  if (result.applied.length === 0) {
    void vscode.window.showWarningMessage(`${wording.notWritten}: ${result.skipped[0]?.reason ?? 'the image changed'}.`);
    return undefined;
  }
  return { caption, applied: result.applied[0] };
}

/** "Generate alt text": captions the image, inserts the caption, and selects it for refining. */
export async function generateAltText(services: Services, target?: ImageTarget, knownCaption?: string): Promise<boolean> {
  try {
    const found = await targetImage(services, target);
    if (!found) {
      void vscode.window.showInformationMessage('There is no image without useful alt text here.');
      return false;
    }
    const { document, image } = found;
    const scanner = await loadScanner();
    const written = await writeCaption(services, scanner, found, GENERATING, knownCaption);
    if (!written) return false;
    const { caption, applied } = written;
    await selectInsertedAlt(services, document, applied.edit.range.start, applied.version);
    services.log.info(`Alt text for ${image.src} in ${vscode.workspace.asRelativePath(document.uri)}: "${caption}"`);
    return true;
  } catch (err) {
    await reportError(services.log, 'Generating alt text failed', err);
    return false;
  }
}

/** "Mark as decorative": `alt=""`, or in Markdown an empty alt with a marker that records the intent. */
export async function markDecorative(services: Services, target?: ImageTarget): Promise<boolean> {
  try {
    const found = await targetImage(services, target);
    if (!found) return false;
    const scanner = await loadScanner();
    const result = await editFoundImage(scanner, found, (text, img) => scanner.decorativeEdit(text, img), 'Mark image as decorative');
    if (result.applied.length === 0)
      void vscode.window.showWarningMessage(`The image was not changed: ${result.skipped[0]?.reason ?? 'it changed'}.`);
    return result.applied.length > 0;
  } catch (err) {
    await reportError(services.log, 'Marking the image as decorative failed', err);
    return false;
  }
}

/**
 * Selects the alt text just inserted, so the writer can refine it right away. The image is found
 * again in the new text at the place the edit started.
 */
async function selectInsertedAlt(
  services: Services,
  document: vscode.TextDocument,
  editStart: number,
  editedVersion: number,
): Promise<void> {
  // Only when the document is exactly our edit's result: otherwise the offsets mean something else.
  if (document.version !== editedVersion + 1) return;
  const scan = await services.scans.scan(document);
  const image = scan?.images.find((r) => r.range.start <= editStart && editStart <= r.range.end);
  const site = image?.altSite;
  if (!image || !site) return;
  const range = site.kind === 'markdown' ? site.label : site.value?.range;
  if (!range) return;
  const selection = new vscode.Selection(document.positionAt(range.start), document.positionAt(range.end));
  const editor =
    vscode.window.visibleTextEditors.find((e) => e.document === document) ??
    (await vscode.window.showTextDocument(document, { preserveFocus: false }));
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
