import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from './reportError';
import type { ProjectContext } from '../markdown/site';
import type { Scanner } from './scanner';
import type { FileSelection, Settings } from './settings';

// Saving one of these can change how documents are read or where their images are.
const CONFIG_FILE =
  /^(?:\.localalttext\.(?:jsonc|json|ya?ml)|_config\.ya?ml|(?:hugo|config)\.(?:toml|ya?ml|json)|docusaurus\.config\.[cm]?[jt]s|mkdocs\.ya?ml|_quarto\.ya?ml)$/;

/**
 * The project context (project configuration file, site generator, site roots) of each workspace
 * folder, built on first use and dropped when settings or a configuration file change. The
 * `localAltText.siteRoots` setting comes before the configuration file's site roots.
 */
export class ProjectContexts implements vscode.Disposable {
  private readonly byKey = new Map<string, ProjectContext>();
  // Scans run at every pause in typing; the file system is asked about a folder once.
  private readonly configByFolder = new Map<string, string | undefined>();
  private readonly warned = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A configuration file was saved: scans and diagnostics are out of date. */
  readonly onDidChange = this.changed.event;
  private readonly listener = vscode.workspace.onDidSaveTextDocument((document) => {
    if (CONFIG_FILE.test(path.basename(document.fileName)) || document.fileName.includes(`${path.sep}.vitepress${path.sep}`)) {
      this.invalidate();
      this.changed.fire();
    }
  });

  invalidate(): void {
    this.byKey.clear();
    this.configByFolder.clear();
  }

  forDocument(scanner: Scanner, uri: vscode.Uri, settings: Settings): ProjectContext | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const workspaceRoots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const stopAt = folder?.uri.fsPath ?? path.dirname(uri.fsPath);
    const documentFolder = path.dirname(uri.fsPath);
    if (!this.configByFolder.has(documentFolder))
      this.configByFolder.set(documentFolder, scanner.findProjectConfig(documentFolder, stopAt));
    const configFile = this.configByFolder.get(documentFolder);
    const key = JSON.stringify([stopAt, configFile, settings.siteRoots, settings.allowImagesOutsideWorkspace, settings.mdxComponents]);
    const known = this.byKey.get(key);
    if (known) return known;
    let config;
    try {
      config = configFile ? scanner.loadProjectConfig(configFile) : undefined;
    } catch (error) {
      const message = errorMessage(error);
      if (!this.warned.has(message)) {
        this.warned.add(message);
        void vscode.window.showWarningMessage(`Local Alt Text: ${message}. The project configuration is left out until it is fixed.`);
      }
    }
    const context = new scanner.ProjectContext({
      workspaceRoots,
      siteRoots: settings.siteRoots.map((root) => path.resolve(stopAt, root)),
      config,
      scan: settings.mdxComponents.length ? { mdxImageComponents: settings.mdxComponents } : undefined,
      allowOutsideWorkspace: settings.allowImagesOutsideWorkspace,
    });
    this.byKey.set(key, context);
    return context;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
    this.byKey.clear();
    this.configByFolder.clear();
  }
}

/** One per extension host: every scan of every document shares it. */
export const projectContexts = new ProjectContexts();

/**
 * The files a workspace fix scans in a folder: the settings' selection, narrowed by the include globs
 * of the folder's project configuration and with its exclude globs added. The configuration's globs
 * count from its own folder; one without a slash matches file names anywhere.
 */
export function projectFileSelection(
  scanner: Scanner,
  folder: vscode.WorkspaceFolder,
  files: FileSelection,
): FileSelection & { mustMatch?: string[] } {
  if (folder.uri.scheme !== 'file') return files;
  const file = scanner.findProjectConfig(folder.uri.fsPath, folder.uri.fsPath);
  if (!file) return files;
  let config;
  try {
    config = scanner.loadProjectConfig(file);
  } catch {
    return files; // Reported when its documents are scanned.
  }
  const prefix = path.relative(folder.uri.fsPath, path.dirname(config.file)).split(path.sep).join('/');
  const fromFolder = (glob: string): string =>
    glob.includes('/') ? [prefix, glob.replace(/^\.\//, '')].filter(Boolean).join('/') : `**/${glob}`;
  return {
    include: files.include,
    exclude: [...files.exclude, ...config.exclude.map(fromFolder)],
    mustMatch: config.include.map(fromFolder),
  };
}
