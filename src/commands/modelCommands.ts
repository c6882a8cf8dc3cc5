import * as vscode from 'vscode';
import { reportError } from '../extension/reportError';
import type { Services } from '../extension/services';

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
