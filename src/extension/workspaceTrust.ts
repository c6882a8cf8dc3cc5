import { realpathSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

/**
 * Restricted Mode, as this extension applies it (docs/security.md): diagnostics, code actions and
 * captions with a model already on this machine work; nothing is downloaded, no remote image is
 * fetched, and no model folder inside the workspace is loaded, whatever the settings say.
 */
export function isRestricted(): boolean {
  return !vscode.workspace.isTrusted;
}

export const RESTRICTED_REMOTE =
  'Remote images are not fetched in Restricted Mode; trust this workspace to allow them (setting localAltText.remoteImages.fetch still applies).';
export const RESTRICTED_DOWNLOAD =
  'The captioning model is not downloaded in Restricted Mode; trust this workspace first, or choose a model folder outside it.';

/** Whether `folder` lies inside one of the open workspace folders (the workspace's own files). */
export function isInsideWorkspace(folder: string): boolean {
  // Judged where the paths really lead, so a link elsewhere that points into the workspace counts.
  const target = realPath(path.resolve(folder));
  return (vscode.workspace.workspaceFolders ?? []).some((f) => {
    if (f.uri.scheme !== 'file') return false;
    const root = realPath(f.uri.fsPath);
    const relative = path.relative(root, target);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
