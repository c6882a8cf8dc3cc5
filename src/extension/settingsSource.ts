import * as vscode from 'vscode';
import { settingsFrom, type Settings } from './settings';

export const SECTION = 'localAltText';

/** Current settings for a resource (settings may differ per workspace folder). */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  return settingsFrom((key) => configuration.get(key));
}

/** Whether a configuration change touches the extension's settings (or the ones it reads from VS Code). */
export function affectsSettings(event: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
  const sections = keys.length ? keys.map((k) => `${SECTION}.${k}`) : [SECTION];
  return sections.some((s) => event.affectsConfiguration(s));
}
