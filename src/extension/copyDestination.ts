import path from 'node:path';
import picomatch from 'picomatch';

/**
 * Where a pasted or dropped image is copied, decided the way VS Code's built-in Markdown paste
 * decides it from `markdown.copyFiles.destination` and `markdown.copyFiles.overwriteBehavior`, so
 * that writers configure one place for both. Paths are POSIX paths, as in a file URI's path.
 */
export interface CopyContext {
  /** The document the image arrives in. */
  documentPath: string;
  /** The workspace folder holding the document, if any. */
  workspaceFolder?: string;
  /** Every workspace folder: a glob starting with `/` is anchored to each of them. */
  workspaceFolders: readonly string[];
  /** The time `${unixTime}` and `${isoTime}` stand for. */
  now?: Date;
}

export type OverwriteBehavior = 'nameIncrementally' | 'overwrite';

export interface CopyTarget {
  path: string;
  overwrite: boolean;
}

/**
 * The path a file named `fileName` is copied to: the destination of the first glob in
 * `destinations` that matches the document, else next to the document. A destination that would
 * leave the document's workspace folder (or, without one, the document's folder) is not used:
 * workspace settings come with cloned repositories, and must not make a paste write elsewhere.
 */
export function desiredCopyPath(
  destinations: Readonly<Record<string, string>>,
  fileName: string,
  context: CopyContext,
): { path: string; refused?: string } {
  const documentDir = path.posix.dirname(context.documentPath);
  const fallback = path.posix.join(documentDir, fileName);
  for (const [rawGlob, rawDestination] of Object.entries(destinations)) {
    if (typeof rawDestination !== 'string') continue;
    if (!anchoredGlobs(rawGlob, context.workspaceFolders).some((glob) => picomatch.isMatch(context.documentPath, glob, { dot: true })))
      continue;
    const resolved = path.posix.resolve(documentDir, expandDestination(rawDestination, fileName, context));
    const boundary = context.workspaceFolder ?? documentDir;
    if (!isWithin(resolved, boundary)) return { path: fallback, refused: `the destination "${rawDestination}" leads outside ${boundary}` };
    return { path: resolved };
  }
  return { path: fallback };
}

/** `/docs/**` is anchored to each workspace folder; a glob without `**` in front matches at any depth. */
function anchoredGlobs(rawGlob: string, workspaceFolders: readonly string[]): string[] {
  if (rawGlob.startsWith('/')) return workspaceFolders.map((folder) => path.posix.join(folder, rawGlob));
  return rawGlob.startsWith('**') ? [rawGlob] : [`**/${rawGlob}`];
}

// `${name}`, or `${name/pattern/replacement/}` with `\/` for a slash inside either part; `\$` is a dollar.
const VARIABLE = /(?<escape>\\\$)|(?<!\\)\$\{(?<name>\w+)(?:\/(?<pattern>(?:\\\/|[^}/])+)\/(?<replacement>(?:\\\/|[^}/])*)\/)?\}/g;

/** Expands the variables of a destination setting; the result is absolute or relative to the document's folder. */
export function expandDestination(destination: string, fileName: string, context: CopyContext): string {
  let out = destination.trim() || '${fileName}';
  // A leading `/` means the workspace folder; a trailing `/` means "into this folder".
  if (out.startsWith('/')) out = '${documentWorkspaceFolder}/' + out.slice(1);
  if (out.endsWith('/')) out += '${fileName}';

  const documentPath = context.documentPath;
  const documentDir = path.posix.dirname(documentPath);
  const documentFileName = path.posix.basename(documentPath);
  const documentExt = path.posix.extname(documentPath);
  const folder = context.workspaceFolder;
  const now = context.now ?? new Date();
  const variables = new Map<string, string>([
    ['documentDirName', documentDir],
    ['documentRelativeDirName', folder ? path.posix.relative(folder, documentDir) : documentDir],
    ['documentFileName', documentFileName],
    ['documentBaseName', documentFileName.slice(0, documentFileName.length - documentExt.length)],
    ['documentExtName', documentExt.replace('.', '')],
    ['documentFilePath', documentPath],
    ['documentRelativeFilePath', folder ? path.posix.relative(folder, documentPath) : documentPath],
    ['documentWorkspaceFolder', folder ?? documentDir],
    ['fileName', fileName],
    ['fileExtName', path.posix.extname(fileName).replace('.', '')],
    ['unixTime', String(now.getTime())],
    ['isoTime', now.toISOString()],
  ]);
  return out.replace(VARIABLE, (match, ...args) => {
    const groups = args[args.length - 1] as { escape?: string; name?: string; pattern?: string; replacement?: string };
    if (groups.escape) return '$';
    const value = groups.name === undefined ? undefined : variables.get(groups.name);
    // An unknown variable stays as written, so a typo shows in the file name rather than vanishing.
    if (value === undefined) return match;
    if (groups.pattern && groups.replacement !== undefined) {
      try {
        return value.replace(new RegExp(unescapeSlashes(groups.pattern)), unescapeSlashes(groups.replacement));
      } catch {
        return value;
      }
    }
    return value;
  });
}

function unescapeSlashes(text: string): string {
  return text.replace(/\\\//g, '/');
}

function isWithin(target: string, folder: string): boolean {
  const relative = path.posix.relative(folder, target);
  return relative !== '' && !relative.startsWith('../') && relative !== '..' && !path.posix.isAbsolute(relative);
}

/**
 * The path actually written: with `overwrite`, the desired one; else the first of `name.png`,
 * `name-1.png`, `name-2.png`, ... that neither exists nor is taken by another file of the same edit.
 */
export async function freeCopyPath(
  desired: string,
  behavior: OverwriteBehavior,
  exists: (filePath: string) => Promise<boolean>,
  taken: Set<string>,
): Promise<CopyTarget> {
  const dir = path.posix.dirname(desired);
  const ext = path.posix.extname(desired);
  const base = path.posix.basename(desired, ext);
  for (let i = 0; ; i++) {
    const candidate = path.posix.join(dir, `${i === 0 ? base : `${base}-${i}`}${ext}`);
    if (taken.has(candidate)) continue;
    if (behavior === 'overwrite' || !(await exists(candidate))) {
      taken.add(candidate);
      return { path: candidate, overwrite: behavior === 'overwrite' };
    }
  }
}

const EXTENSION_FOR_MIME: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/avif': '.avif',
  'image/bmp': '.bmp',
  'image/svg+xml': '.svg',
  'image/tiff': '.tiff',
};

/**
 * A safe file name for an arriving image: its own base name (never a path), or `image` with the
 * extension of its type when it has none (a screenshot from the clipboard).
 */
export function arrivingFileName(name: string | undefined, mime: string): string {
  const base = (name ?? '')
    .replace(/\\/g, '/')
    .split('/')
    .pop()!
    .replace(/[\u0000-\u001f<>:"|?*]/g, '')
    .trim();
  const cleaned = base === '.' || base === '..' ? '' : base;
  if (cleaned && path.posix.extname(cleaned)) return cleaned;
  return `${cleaned || 'image'}${EXTENSION_FOR_MIME[mime.toLowerCase()] ?? '.png'}`;
}
