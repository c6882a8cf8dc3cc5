import * as vscode from 'vscode';
import path from 'node:path';
import picomatch from 'picomatch';
import { gitIgnoreFilter } from '../fix/gitignore';
import { documentKindFor } from '../markdown/documentKind';
import type { FileSelection } from './settings';

/**
 * The Markdown, MDX and HTML files of the workspace that the writer wants checked: those matching
 * the include globs, minus VS Code's `files.exclude`, our exclude globs and what `.gitignore` ignores.
 */
export async function findDocumentFiles(
  selection: (folder: vscode.WorkspaceFolder) => FileSelection & { mustMatch?: string[] },
  token: vscode.CancellationToken,
): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const { include, exclude, mustMatch } = selection(folder);
    const excluded = picomatch(exclude.length ? exclude : ['\0never'], { dot: true });
    // The project configuration's include globs narrow what the settings include.
    const wanted = mustMatch?.length ? picomatch(mustMatch, { dot: true }) : () => true;
    const ignored = folder.uri.scheme === 'file' ? gitIgnoreFilter(folder.uri.fsPath) : () => false;
    for (const pattern of include) {
      // Leaving `exclude` undefined is what makes findFiles apply `files.exclude`.
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, pattern), undefined, undefined, token);
      for (const uri of uris) {
        const relative = path.posix.normalize(vscode.workspace.asRelativePath(uri, false).split(path.sep).join('/'));
        if (!documentKindFor(uri.path) || excluded(relative) || !wanted(relative)) continue;
        if (uri.scheme === 'file' && ignored(uri.fsPath)) continue;
        found.set(uri.toString(), uri);
      }
    }
    if (token.isCancellationRequested) break;
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}
