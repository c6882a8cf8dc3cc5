import * as vscode from 'vscode';
import { CAPTIONING_MODEL, type ModelRole } from './modelRoles';
import { SECTION } from './settingsSource';

/** Asks the writer for a folder with a checkpoint or a converted pack; undefined when they cancel. */
export async function pickModelFolder(role: ModelRole = CAPTIONING_MODEL): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Use This Model Folder',
    title: `Choose a folder with ${role.folderContents}`,
  });
  return picked?.[0]?.fsPath;
}

/** Saves the folder in the user's settings (model.localFolder and verifyAlt.model.localFolder are machine settings). */
export async function rememberModelFolder(folder: string, role: ModelRole = CAPTIONING_MODEL): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(role.localFolderSetting, folder, vscode.ConfigurationTarget.Global);
}
