import * as vscode from 'vscode';
import type { DownloadPlan, ModelSource } from '../inference/store';
import { withSignal } from './cancellation';
import type { Log } from './log';
import { CAPTIONING_MODEL, type ModelRole } from './modelRoles';
import type { ModelStoreHandle } from './modelStoreHandle';
import { ModelUnavailableError } from './modelSource';
import { errorMessage } from './reportError';
import { RESTRICTED_DOWNLOAD, isRestricted } from './workspaceTrust';

/** What the writer chose in the consent dialog; undefined for Cancel. */
export type ModelChoice = 'download' | 'choose-folder' | undefined;

const DOWNLOAD = 'Download';
const CHOOSE_FOLDER = 'Choose Local Folder…';

/**
 * The consent prompt: download (with size, host, commit and files shown), choose a local folder,
 * or cancel. Nothing is downloaded here; in Restricted Mode the hub is not even asked for the plan.
 */
export async function askForModel(
  source: ModelSource,
  store: ModelStoreHandle,
  log: Log,
  token?: vscode.CancellationToken,
  role: ModelRole = CAPTIONING_MODEL,
): Promise<ModelChoice> {
  if (isRestricted()) {
    // Not even the plan: asking the hub is already network traffic the workspace caused.
    const choice = await vscode.window.showWarningMessage(
      `The ${role.noun} is not installed.`,
      { modal: true, detail: RESTRICTED_DOWNLOAD },
      CHOOSE_FOLDER,
    );
    return choice === CHOOSE_FOLDER ? 'choose-folder' : undefined;
  }
  let plan: DownloadPlan | undefined;
  let planError: unknown;
  try {
    plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Local Alt Text: checking the model download…', cancellable: true },
      (_p, progressToken) => withSignal(progressToken, async (signal) => (await store.get()).plan(source, signal)),
    );
  } catch (err) {
    planError = err;
    log.error(`Could not reach the model host for ${source.repo}`, err);
  }
  if (token?.isCancellationRequested) throw new ModelUnavailableError('Cancelled', true);
  const { formatBytes } = await store.module();
  let choice: string | undefined;
  if (plan) {
    const size = formatBytes(plan.remainingBytes < plan.totalBytes ? plan.remainingBytes : plan.totalBytes);
    const files = plan.files.map((f) => `${f.name} (${formatBytes(f.bytes)})`).join(', ');
    choice = await vscode.window.showInformationMessage(
      `Download the ${role.noun} (${size} from ${plan.host})?`,
      {
        modal: true,
        detail:
          `Local Alt Text ${role.use} on this machine with ${plan.repo} (${plan.revision}, commit ${plan.commit.slice(0, 12)}). ` +
          `It is downloaded once from ${plan.host}${plan.remainingBytes < plan.totalBytes ? `; ${formatBytes(plan.totalBytes - plan.remainingBytes)} are already here` : ''}. ` +
          `Nothing else leaves this machine.\n\nFiles: ${files}.\n\nOr choose a folder that already holds the model.`,
      },
      DOWNLOAD,
      CHOOSE_FOLDER,
    );
  } else {
    choice = await vscode.window.showWarningMessage(
      `The ${role.noun} is not installed, and its host could not be reached.`,
      {
        modal: true,
        detail: `${errorMessage(planError)}\n\nChoose a folder that holds ${role.folderContents} instead.`,
      },
      CHOOSE_FOLDER,
    );
  }
  return choice === DOWNLOAD ? 'download' : choice === CHOOSE_FOLDER ? 'choose-folder' : undefined;
}
