import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelSource } from '../inference/store';
import { CAPTIONING_MODEL, type ModelRole } from './modelRoles';
import { isInsideWorkspace, isRestricted } from './workspaceTrust';

/** Thrown when no model is available and the writer did not (or could not be asked to) get one. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
  constructor(
    message: string,
    /** True when the writer chose not to get the model: nothing to report as an error. */
    readonly declined = false,
  ) {
    super(message);
  }
}

/** A model ready to load: its pack folder, which also identifies it (a new checkpoint gets a new folder). */
export interface ReadyModel {
  packDir: string;
  source: ModelSource;
}

/** The model the settings name for a role (captioning by default): a local folder, or a hub repository and revision. */
export function configuredSource(role: ModelRole = CAPTIONING_MODEL): ModelSource {
  const source = role.source();
  return source.localFolder ? { ...source, localFolder: resolveUserPath(source.localFolder) } : source;
}

/**
 * In Restricted Mode a model folder inside the workspace is the workspace's choice of model (its
 * files, its weights): refused, even when the user settings name it through `${workspaceFolder}`.
 */
export function checkTrustedFolder(source: ModelSource): void {
  if (source.localFolder && isRestricted() && isInsideWorkspace(source.localFolder)) {
    throw new ModelUnavailableError(
      `The model folder ${source.localFolder} is inside this workspace, and a model from the workspace is not used in Restricted Mode; trust the workspace, or choose a folder outside it.`,
    );
  }
}

/** `~` and `${workspaceFolder}` are what writers type into settings. */
function resolveUserPath(folder: string): string {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let resolved = folder.replace(/^~(?=$|[\\/])/, process.env.HOME ?? process.env.USERPROFILE ?? '~');
  if (workspace) resolved = resolved.replace(/\$\{workspaceFolder\}/g, workspace);
  return path.isAbsolute(resolved) || !workspace ? resolved : path.join(workspace, resolved);
}
