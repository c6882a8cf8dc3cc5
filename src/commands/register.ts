import * as vscode from 'vscode';
import type { Services } from '../extension/services';
import type { ImageTarget } from '../providers/codeActions';
import type { ImagePurpose } from '../purpose';
import { generateAltTextForFile } from './fixFile';
import { fixWorkspace } from './fixWorkspace';
import { generateAltText, markDecorative } from './imageCommands';
import { applyPurpose, choosePurpose } from './purposeCommands';
import { clearModelCache, downloadModel, showModelInfo, useLocalModelFolder } from './modelCommands';
import { ReviewPanel } from './review/reviewPanel';

/** Registers every command; each returns its outcome, which scripts and tests can use. */
export function registerCommands(services: Services): vscode.Disposable[] {
  const register = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  return [
    register('localAltText.generateAltText', (target?: ImageTarget) => generateAltText(services, target)),
    // The hover's link: inserts the caption it showed, or makes one when it had none yet.
    register('localAltText.insertCaption', (target?: ImageTarget, caption?: string) => generateAltText(services, target, caption)),
    register('localAltText.markDecorative', (target?: ImageTarget) => markDecorative(services, target)),
    register('localAltText.choosePurpose', (target?: ImageTarget) => choosePurpose(services, target)),
    register('localAltText.applyPurpose', (target: ImageTarget | undefined, purpose: ImagePurpose) =>
      applyPurpose(services, target, purpose),
    ),
    register('localAltText.generateAltTextForFile', (uri?: string | vscode.Uri) => generateAltTextForFile(services, uri)),
    register('localAltText.fixWorkspace', () => fixWorkspace(services)),
    register('localAltText.review.apply', () => ReviewPanel.active()?.apply()),
    register('localAltText.review.cancel', () => ReviewPanel.active()?.cancel()),
    register('localAltText.downloadModel', () => downloadModel(services)),
    register('localAltText.useLocalModelFolder', () => useLocalModelFolder(services)),
    register('localAltText.showModelInfo', () => showModelInfo(services)),
    register('localAltText.clearModelCache', () => clearModelCache(services)),
    register('localAltText.showLog', () => services.log.show()),
  ];
}
