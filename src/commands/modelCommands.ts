import * as vscode from 'vscode';
import { Command } from '../extension/commandIds';
import { reportError } from '../extension/reportError';
import type { Services } from '../extension/services';
import { affectsSettings } from '../extension/settingsSource';
import { isRestricted } from '../extension/workspaceTrust';

/** "Download Model": asks nothing more than the command itself; the writer asked for the download. */
export async function downloadModel(services: Services): Promise<boolean> {
  try {
    const model = await services.models.download();
    void vscode.window.showInformationMessage(`The captioning model is ready (${model.packDir}).`);
    return true;
  } catch (err) {
    await reportError(services.log, 'Downloading the model failed', err);
    return false;
  }
}

/** "Use Local Model Folder...": picks, checks and remembers a folder with a checkpoint or pack. */
export async function useLocalModelFolder(services: Services): Promise<boolean> {
  try {
    const model = await services.models.chooseLocalFolder();
    if (model) void vscode.window.showInformationMessage(`Captions will be made with the model in ${model.source.localFolder}.`);
    return model !== undefined;
  } catch (err) {
    await reportError(services.log, 'Using the model folder failed', err);
    return false;
  }
}

/** "Show Model Info": what is configured, what is cached, in the log and in short in a notification. */
export async function showModelInfo(services: Services): Promise<string[]> {
  try {
    const lines = await services.models.describe();
    for (const line of lines) services.log.info(line);
    void vscode.window
      .showInformationMessage(lines.slice(0, 2).join(' · '), 'Show Details')
      .then((choice) => choice && services.log.show());
    return lines;
  } catch (err) {
    await reportError(services.log, 'Reading the model information failed', err);
    return [];
  }
}

/** "Clear Model Cache": after confirmation, stops the worker and deletes downloads and converted packs. */
export async function clearModelCache(services: Services): Promise<boolean> {
  const clear = 'Clear';
  const choice = await vscode.window.showWarningMessage(
    'Delete the downloaded and converted captioning models?',
    {
      modal: true,
      detail: `Everything under ${services.models.cacheDir} goes. A local model folder named in the settings is not touched. Captions already made stay cached.`,
    },
    clear,
  );
  if (choice !== clear) return false;
  try {
    await services.captions.stopEngine();
    await services.models.clear();
    void vscode.window.showInformationMessage('The model cache is empty.');
    return true;
  } catch (err) {
    await reportError(services.log, 'Clearing the model cache failed', err);
    return false;
  }
}

/** How long after activation the status bar looks for an installed model: once the window has settled. */
const PROBE_DELAY_MS = 2000;

/**
 * The model's commands (and the log's, where the status bar leads), and what keeps the model
 * current: a change of the model settings or the proxy, and workspace trust granted later.
 */
export function registerModelSupport(services: Services): vscode.Disposable {
  const { models, status, log } = services;
  status.setRestricted(isRestricted());
  if (isRestricted())
    log.info('Restricted Mode: no model download, no remote images, no model folder from the workspace (docs/security.md)');
  const probe = setTimeout(() => void models.probe(), PROBE_DELAY_MS);
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Command.downloadModel, () => downloadModel(services)),
    vscode.commands.registerCommand(Command.useLocalModelFolder, () => useLocalModelFolder(services)),
    vscode.commands.registerCommand(Command.showModelInfo, () => showModelInfo(services)),
    vscode.commands.registerCommand(Command.clearModelCache, () => clearModelCache(services)),
    vscode.commands.registerCommand(Command.showLog, () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e, 'model') || e.affectsConfiguration('http.proxy')) models.reset();
    }),
    // Trust can be granted while the window is open (never taken back without a reload).
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      status.setRestricted(false);
      models.reset();
      log.info('The workspace is trusted now: downloads, remote images and workspace model folders are allowed as the settings say');
    }),
    { dispose: () => clearTimeout(probe) },
  );
}
