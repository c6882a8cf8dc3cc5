import * as vscode from 'vscode';
import { registerCommands } from './commands/register';
import { ReviewPanel } from './commands/review/reviewPanel';
import { CaptionService } from './extension/captionService';
import { DocumentScans } from './extension/documentScans';
import { ImageLoader } from './extension/imageLoader';
import { Log } from './extension/log';
import { ModelAccess } from './extension/modelAccess';
import type { Services } from './extension/services';
import { affectsSettings } from './extension/settingsSource';
import { StatusBar } from './extension/statusBar';
import { isRestricted } from './extension/workspaceTrust';
import { AltTextCodeActions } from './providers/codeActions';
import { AltTextDiagnostics } from './providers/diagnostics';
import { ImageHover } from './providers/hover';
import { ImagePasteDrop } from './providers/imagePasteDrop';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'markdown' },
  { language: 'mdx' },
  { language: 'html' },
  { language: 'quarto' },
  { language: 'asciidoc' },
  // MDX files often have no language of their own.
  { pattern: '**/*.mdx' },
];

let services: Services | undefined;

const ACTIVATE_MARK = 'local-alt-text:activate-start';
const ACTIVATE_MEASURE = 'local-alt-text:activate';

/**
 * Registers providers and commands, nothing more: the scanner, the model store and the captioner
 * load on first use, so activation stays fast.
 */
export function activate(context: vscode.ExtensionContext): LocalAltTextApi {
  performance.mark(ACTIVATE_MARK);
  const started = performance.now();
  const log = new Log();
  const status = new StatusBar();
  const storageDir = context.globalStorageUri.fsPath;
  const models = new ModelAccess(storageDir, log, status);
  const scans = new DocumentScans();
  services = {
    context,
    log,
    status,
    scans,
    models,
    captions: new CaptionService(storageDir, models, status, log),
    images: new ImageLoader(),
  };
  const pasteDrop = new ImagePasteDrop(services);

  context.subscriptions.push(
    log,
    status,
    models,
    scans,
    services.captions,
    new AltTextDiagnostics(scans, log),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new AltTextCodeActions(scans), AltTextCodeActions.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new ImageHover(services)),
    vscode.languages.registerDocumentPasteEditProvider(SELECTOR, pasteDrop, ImagePasteDrop.pasteMetadata),
    vscode.languages.registerDocumentDropEditProvider(SELECTOR, pasteDrop, ImagePasteDrop.dropMetadata),
    ...registerCommands(services),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e, 'model') || e.affectsConfiguration('http.proxy')) models.reset();
    }),
    // Trust can be granted while the window is open (never taken back without a reload).
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      status.setRestricted(false);
      models.reset();
      log.info('The workspace is trusted now: downloads, remote images and workspace model folders are allowed as the settings say');
    }),
  );
  status.setRestricted(isRestricted());
  if (isRestricted())
    log.info('Restricted Mode: no model download, no remote images, no model folder from the workspace (docs/security.md)');
  // The status bar learns whether a model is installed once the window has settled.
  const probe = setTimeout(() => void models.probe(), 2000);
  context.subscriptions.push({ dispose: () => clearTimeout(probe) });
  // Recorded on the process's performance timeline too, where profilers (and the host tests) find it.
  performance.measure(ACTIVATE_MEASURE, ACTIVATE_MARK);
  log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { pasteDrop, review: { active: () => ReviewPanel.active()?.shown } };
}

/**
 * What `activate` returns (the extension's `exports`), for the host tests: the paste and drop
 * provider, and the open review as its page sees it (rows, decisions, and its messages).
 */
export interface LocalAltTextApi {
  pasteDrop: ImagePasteDrop;
  review: { active(): ReviewPanel['shown'] | undefined };
}

export async function deactivate(): Promise<void> {
  await services?.captions.flush();
  await services?.captions.stopEngine();
  services = undefined;
}
