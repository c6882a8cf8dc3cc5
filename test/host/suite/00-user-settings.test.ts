import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { workspaceRoot } from './helpers';

// The model folder is a machine setting: a workspace's .vscode/settings.json cannot choose it
// (docs/security.md). The fixture names the tiny model there for the tools that prepare it, so the
// suite sets it as the user's setting first, as "Use Local Model Folder..." does (code-server is a
// remote window: VS Code writes a machine setting to the remote machine's settings). Nothing here
// opens a document, so the activation test that follows still sees a cold start.
before(async () => {
  const file = path.join(workspaceRoot(), '.vscode', 'settings.json');
  const folder = (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)['localAltText.model.localFolder'];
  const configuration = vscode.workspace.getConfiguration('localAltText');
  if (typeof folder === 'string' && configuration.inspect('model.localFolder')?.globalValue === undefined) {
    await configuration.update('model.localFolder', folder, vscode.ConfigurationTarget.Global);
  }
});
