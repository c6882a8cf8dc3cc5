import * as vscode from 'vscode';
import { SECTION } from './settingsSource';

/** Asks the writer for a folder with a checkpoint or a converted pack; undefined when they cancel. */
export async function pickModelFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Use This Model Folder',
    title: 'Choose a folder with a BLIP checkpoint (config.json, tokenizer, weights) or a converted model pack',
  });
  return picked?.[0]?.fsPath;
}

/** Saves the folder in the user's settings (model.localFolder is a machine setting). */
export async function rememberModelFolder(folder: string): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('model.localFolder', folder, vscode.ConfigurationTarget.Global);
}
