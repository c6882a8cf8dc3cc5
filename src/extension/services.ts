import type * as vscode from 'vscode';
import type { AltMatchService } from './altMatchService';
import type { CaptionService } from './captionService';
import type { DocumentScans } from './documentScans';
import type { ImageLoader } from './imageLoader';
import type { Log } from './log';
import type { ModelAccess } from './modelAccess';
import type { StatusBar } from './statusBar';

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
