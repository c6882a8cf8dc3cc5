import * as vscode from 'vscode';
import { isCancellation } from './cancellation';
import { Command } from './commandIds';
import { arrivingFileName, desiredCopyPath, freeCopyPath } from './copyDestination';
import { imageMarkup, linkPath } from './imageMarkup';
import { markupDialect, type MarkupDialect } from './markupDialect';
import type { ModelUnavailableError } from './modelAccess';
import { errorMessage } from './reportError';
import type { Services } from './services';

/**
 * The work behind pasting or dropping an image, loaded on the first paste or drop of an image
 * (activation only registers the provider): where each image goes, its caption, and the edit.
 */

/** An image found in a data transfer, not read yet. */
export interface ImageCandidate {
  name: string;
  mime: string;
  uri?: vscode.Uri;
  read(): Thenable<Uint8Array>;
}

/** One image arriving in a document: where its file is (or will be), and its bytes to caption. */
export interface ArrivingImage {
  target: vscode.Uri;
  bytes: Uint8Array;
  /** Set when the file comes from outside the workspace and is written into it by the edit. */
  copy?: { overwrite: boolean };
}

export interface Arrival {
  document: vscode.TextDocument;
  ranges: readonly vscode.Range[];
  dialect: MarkupDialect;
  images: ArrivingImage[];
}

/**
 * Reads the images and decides where each goes: a file already in the workspace is linked where
 * it is; anything else is copied in, where `markdown.copyFiles.destination` and
 * `markdown.copyFiles.overwriteBehavior` say, as VS Code's Markdown paste does.
 */
export async function collectArrival(
  services: Services,
  document: vscode.TextDocument,
  ranges: readonly vscode.Range[],
  candidates: readonly ImageCandidate[],
  token: vscode.CancellationToken,
): Promise<Arrival | undefined> {
  const config = vscode.workspace.getConfiguration('markdown', document);
  const destinations = config.get<Record<string, string>>('copyFiles.destination') ?? {};
  const behavior = config.get<string>('copyFiles.overwriteBehavior') === 'overwrite' ? 'overwrite' : 'nameIncrementally';
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri;
  const copyContext = {
    documentPath: document.uri.path,
    workspaceFolder: folder?.path,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.path),
  };
  const taken = new Set<string>();
  const images: ArrivingImage[] = [];
  for (const candidate of candidates) {
    if (token.isCancellationRequested) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = await candidate.read();
    } catch (err) {
      services.log.error(`Could not read the image ${candidate.uri?.toString(true) ?? candidate.name}`, err);
      continue;
    }
    if (candidate.uri && vscode.workspace.getWorkspaceFolder(candidate.uri)) {
      images.push({ target: candidate.uri, bytes });
      continue;
    }
    const desired = desiredCopyPath(destinations, arrivingFileName(candidate.name, candidate.mime), copyContext);
    if (desired.refused) services.log.info(`Not using markdown.copyFiles.destination for ${document.uri.fsPath}: ${desired.refused}`);
    const free = await freeCopyPath(desired.path, behavior, (p) => exists(document.uri.with({ path: p })), taken);
    images.push({ target: document.uri.with({ path: free.path }), bytes, copy: { overwrite: free.overwrite } });
  }
  return images.length ? { document, ranges, dialect: markupDialect(document.languageId, document.uri.path), images } : undefined;
}

let toldNoModel = false;

/**
 * A caption per image, or undefined for those without one: no model installed, captioning
 * failed, or cancelled (by VS Code or the progress notification's Cancel).
 */
export async function captionArrival(
  services: Services,
  arrival: Arrival,
  verb: 'pasted' | 'dropped',
  token: vscode.CancellationToken,
): Promise<(string | undefined)[]> {
  const what = arrival.images.length === 1 ? `the ${verb} image` : `${arrival.images.length} ${verb} images`;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Local Alt Text: writing alt text for ${what}…`, cancellable: true },
    async (_progress, progressToken) => {
      const source = new vscode.CancellationTokenSource();
      const listeners = [token, progressToken].map((t) => t.onCancellationRequested(() => source.cancel()));
      if (token.isCancellationRequested || progressToken.isCancellationRequested) source.cancel();
      try {
        return await captionEach(services, arrival, verb, source.token);
      } finally {
        listeners.forEach((l) => l.dispose());
        source.dispose();
      }
    },
  );
}

async function captionEach(
  services: Services,
  arrival: Arrival,
  verb: string,
  token: vscode.CancellationToken,
): Promise<(string | undefined)[]> {
  const none = arrival.images.map(() => undefined);
  if (token.isCancellationRequested) return none;
  try {
    // Only a model already on this machine: a paste must never stop for a download dialog.
    await services.models.ensure(false, token);
  } catch (err) {
    if (!token.isCancellationRequested) noModel(services, err);
    return none;
  }
  return Promise.all(
    arrival.images.map(async (image) => {
      try {
        return (await services.captions.caption({ bytes: image.bytes, interactive: false, token })).text || undefined;
      } catch (err) {
        if (isCancellation(err))
          services.log.info(`Captioning the ${verb} image ${image.target.fsPath} was cancelled; inserted without alt text`);
        else services.log.error(`Captioning the ${verb} image ${image.target.fsPath} failed; inserted without alt text`, err);
        return undefined;
      }
    }),
  );
}

function noModel(services: Services, err: unknown): void {
  const message = errorMessage(err);
  services.log.info(`Image inserted without alt text: ${message}`);
  // Said once a session, without waiting for an answer: the paste goes on regardless.
  if (toldNoModel || !isModelUnavailable(err)) return;
  toldNoModel = true;
  const download = 'Download Model';
  void vscode.window
    .showInformationMessage('Local Alt Text inserted the image without alt text: the captioning model is not installed.', download)
    .then((choice) => {
      if (choice === download) void vscode.commands.executeCommand(Command.downloadModel);
    });
}

/** Creates the copied files (undoable, as any workspace edit) and writes the images at every range. */
export function arrivalEdit(arrival: Arrival, captions: readonly (string | undefined)[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const image of arrival.images) {
    if (image.copy) edit.createFile(image.target, { contents: image.bytes, overwrite: image.copy.overwrite });
  }
  const markup = arrival.images.map((image, i) =>
    imageMarkup(arrival.dialect, linkPath(arrival.document.uri.path, image.target.path), captions[i]),
  );
  const text = markup.join(arrival.dialect === 'html' ? '\n' : '\n\n');
  for (const range of arrival.ranges) edit.replace(arrival.document.uri, range, text);
  return edit;
}

/**
 * By name, not `instanceof`: this module is a bundle of its own, loaded later, and the error comes
 * from the model access class in the main bundle.
 */
function isModelUnavailable(err: unknown): err is ModelUnavailableError {
  return err instanceof Error && err.name === 'ModelUnavailableError';
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
