import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedSource } from './types';
import { decodeUriComponentOrKeep } from './decodeUri';

export interface ResolveOptions {
  /** Folders the scanner may look into; no file outside them is touched unless allowed. */
  workspaceRoots: string[];
  /**
   * Where root-relative sources (`/img/a.png`) are looked up, absolute or relative to each workspace
   * root. Defaults cover Docusaurus and Hugo (`static/`), Next.js and Vite (`public/`), VitePress
   * (`docs/public/`), Jekyll (`assets/`), MkDocs (`docs/`) and plain sites (the root itself).
   */
  siteRoots?: string[];
  allowOutsideWorkspace?: boolean;
}

export const DEFAULT_SITE_ROOTS = ['static', 'public', 'docs/public', 'assets', 'docs', '.'];

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;

/**
 * Where an image's source points: a file (and whether it exists), a remote URL, or inline data.
 * `documentPath` undefined is a document with no folder (an untitled or virtual one): only remote
 * and inline images can be read from it.
 */
export function resolveSource(src: string, documentPath: string | undefined, options: ResolveOptions): ResolvedSource {
  const written = src.trim();
  if (!written) return unresolved('the image has no source');
  if (/^data:/i.test(written)) return { kind: 'data', resolved: null, exists: true, remote: false };
  if (/^https?:\/\//i.test(written)) return { kind: 'remote', resolved: written, exists: false, remote: true };
  // Protocol-relative URLs take the page's scheme; for a document on disk that is the web's.
  if (written.startsWith('//')) return { kind: 'remote', resolved: `https:${written}`, exists: false, remote: true };
  if (documentPath === undefined) return unresolved('the document is not saved in a folder');
  // With no workspace, the document's own folder is the only place known to be the writer's.
  if (options.workspaceRoots.length === 0) options = { ...options, workspaceRoots: [path.dirname(path.resolve(documentPath))] };

  const scheme = SCHEME.exec(written)?.[1].toLowerCase();
  if (scheme === 'file') {
    let filePath: string;
    try {
      filePath = fileURLToPath(written);
    } catch {
      return unresolved('the file URL is not valid');
    }
    return fileSource(filePath, options);
  }
  if (scheme) return unresolved(`the "${scheme}:" scheme is not supported`);

  const relative = decodeUriComponentOrKeep(written.replace(/[?#].*$/s, ''));
  if (!relative) return unresolved('the source names no file');
  if (relative.startsWith('/')) return siteRootSource(relative, documentPath, options);
  return fileSource(path.resolve(path.dirname(documentPath), relative), options);
}

function siteRootSource(rootRelative: string, documentPath: string, options: ResolveOptions): ResolvedSource {
  const roots = workspaceRootsFor(documentPath, options);
  const siteRoots = options.siteRoots ?? DEFAULT_SITE_ROOTS;
  const candidates = roots.flatMap((root) => siteRoots.map((siteRoot) => path.resolve(root, siteRoot, `.${rootRelative}`)));
  for (const candidate of candidates) {
    const resolved = fileSource(candidate, options);
    if (resolved.exists) return resolved;
  }
  // Nothing found: report the plainest reading, the path under the document's workspace root.
  return fileSource(path.resolve(roots[0], `.${rootRelative}`), options);
}

function fileSource(filePath: string, options: ResolveOptions): ResolvedSource {
  const resolved = path.normalize(filePath);
  if (!options.allowOutsideWorkspace && !isInsideWorkspace(resolved, options.workspaceRoots)) {
    return { kind: 'file', resolved, exists: false, remote: false, problem: 'the file is outside the workspace' };
  }
  const stat = statOf(resolved);
  if (stat && !stat.isFile())
    return { kind: 'file', resolved, exists: false, remote: false, problem: `it is not a regular file (${kindOf(stat)})` };
  return { kind: 'file', resolved, exists: stat !== undefined, remote: false };
}

function isInsideWorkspace(filePath: string, workspaceRoots: string[]): boolean {
  if (!workspaceRoots.some((root) => isWithin(filePath, root))) return false;
  // A link inside the workspace may still lead out of it; judge where it really goes.
  const real = realPath(filePath);
  return real === undefined || workspaceRoots.some((root) => isWithin(real, realPath(root) ?? path.resolve(root)));
}

function isWithin(filePath: string, root: string): boolean {
  const relative = path.relative(path.resolve(root), filePath);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

// Root-relative sources are looked up under the workspace root that holds the document, first.
function workspaceRootsFor(documentPath: string, options: ResolveOptions): string[] {
  const roots = options.workspaceRoots.map((root) => path.resolve(root));
  const own = roots.filter((root) => isWithin(path.resolve(documentPath), root)).sort((a, b) => b.length - a.length);
  return [...own, ...roots.filter((root) => !own.includes(root))];
}

function realPath(filePath: string): string | undefined {
  try {
    return fs.realpathSync.native(filePath);
  } catch {
    return undefined;
  }
}

function statOf(filePath: string): fs.Stats | undefined {
  try {
    return fs.statSync(filePath);
  } catch {
    return undefined;
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'a device';
}

function unresolved(problem: string): ResolvedSource {
  return { kind: 'unresolved', resolved: null, exists: false, remote: false, problem };
}
