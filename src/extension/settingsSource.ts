import * as vscode from 'vscode';
import { settingsFrom, type Settings } from './settings';

export const SECTION = 'localAltText';

/** Current settings for a resource (settings may differ per workspace folder). */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  return settingsFrom(
    (key) => configuration.get(key),
    (key) => valueSet(configuration.inspect(key)),
  );
}

/** A setting's value where the writer set it (folder over workspace over user, language-specific first); undefined when only its default is there. */
function valueSet(inspected: ReturnType<vscode.WorkspaceConfiguration['inspect']>): unknown {
  if (!inspected) return undefined;
  return (
    inspected.workspaceFolderLanguageValue ??
    inspected.workspaceFolderValue ??
    inspected.workspaceLanguageValue ??
    inspected.workspaceValue ??
    inspected.globalLanguageValue ??
    inspected.globalValue
  );
}

/** Whether a configuration change touches the extension's settings (or the ones it reads from VS Code). */
export function affectsSettings(event: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
  const sections = keys.length ? keys.map((k) => `${SECTION}.${k}`) : [SECTION];
  return sections.some((s) => event.affectsConfiguration(s));
}
