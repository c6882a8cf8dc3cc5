import * as vscode from 'vscode';
import { AltMatchService } from './altMatchService';
import { CaptionService } from './captionService';
import { DocumentScans } from './documentScans';
import { ImageLoader } from './imageLoader';
import { Log } from './log';
import { ModelAccess } from './modelAccess';
import { StatusBar } from './statusBar';

/** What commands and providers share; built once at activation, all of it cheap until used. */
export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  status: StatusBar;
  scans: DocumentScans;
  models: ModelAccess;
  captions: CaptionService;
  images: ImageLoader;
  /** Image-text matching of existing alt text (mismatched-alt), off unless enabled. */
  matches: AltMatchService;
}

/** Builds the services; the Disposable closes them (the caption service's engine stops on deactivate). */
export function createServices(context: vscode.ExtensionContext): { services: Services; disposable: vscode.Disposable } {
  const log = new Log();
  const status = new StatusBar();
  const storageDir = context.globalStorageUri.fsPath;
  const models = new ModelAccess(storageDir, log, status);
  const scans = new DocumentScans();
  const captions = new CaptionService(storageDir, models, status, log);
  const matches = new AltMatchService(storageDir, log);
  const services: Services = { context, log, status, scans, models, captions, images: new ImageLoader(), matches };
  // Clearing the model cache removes the matching model too.
  const cleared = models.onDidChange(() => matches.models.reset());
  return { services, disposable: vscode.Disposable.from(log, status, models, scans, captions, matches, cleared) };
}
