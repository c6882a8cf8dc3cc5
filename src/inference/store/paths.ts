import os from 'node:os';
import path from 'node:path';

/** The model the extension captions with unless a setting names another. */
export const DEFAULT_REPO = 'Salesforce/blip-image-captioning-base';
export const DEFAULT_REVISION = 'main';
export const DEFAULT_ENDPOINT = 'https://huggingface.co';

const APP_FOLDER = 'local-alt-text';

/**
 * The CLI's cache folder when `--cache-dir` is not given: `LOCAL_ALT_TEXT_CACHE`, else the user's
 * cache folder of the platform. The extension passes its global storage folder instead.
 */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.LOCAL_ALT_TEXT_CACHE) return path.resolve(env.LOCAL_ALT_TEXT_CACHE);
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
    return path.join(local, APP_FOLDER, 'Cache');
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', APP_FOLDER);
  // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(xdg, APP_FOLDER);
}

/** The hub endpoint: an explicit one, else `HF_ENDPOINT`, else huggingface.co; never a trailing slash. */
export function resolveEndpoint(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const raw = explicit || env.HF_ENDPOINT || DEFAULT_ENDPOINT;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`The model endpoint '${raw}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`The model endpoint '${raw}' must be an http or https URL`);
  return url.href.replace(/\/+$/, '');
}

// The hub's own rule for repository names: letters, digits, '-', '_', '.', no '--' or '..', and not
// starting or ending with '-' or '.'.
const NAME = /^(?!.*(--|\.\.))[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$/;

/** Throws a TypeError for anything that is not `name` or `owner/name`; the id also names cache folders. */
export function checkRepoId(repo: string): string {
  const parts = repo.split('/');
  if (parts.length > 2 || !parts.every((p) => NAME.test(p))) {
    throw new TypeError(`'${repo}' is not a Hugging Face repository id (expected owner/name, e.g. ${DEFAULT_REPO})`);
  }
  return repo;
}

export function checkRevision(revision: string): string {
  if (!revision || revision === '.' || /[\s\u0000-\u001f]/.test(revision) || revision.includes('..'))
    throw new TypeError(`'${revision}' is not a valid revision`);
  return revision;
}

/** A full git commit id, which needs no resolving and never moves. */
export function isCommitId(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/**
 * A file name that may become a path in the cache: one plain segment, no separators, no `..`, no
 * leading dot (the cache keeps its own bookkeeping in dot files), nothing a shell or Windows would
 * read specially. Hub answers name files; they must never choose where they land.
 */
export function isPlainFileName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/.test(name) && !name.includes('..');
}

/**
 * Throws unless `target` lies strictly inside `root`. Called before anything is removed or
 * written under a name that came from outside, so that no answer from a hub (or a damaged cache)
 * can make the store touch a folder elsewhere on the machine.
 */
export function assertInside(root: string, target: string): string {
  const base = path.resolve(root);
  const full = path.resolve(target);
  const relative = path.relative(base, full);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`Refusing to touch ${full}: it is not inside the model cache ${base}`);
  }
  return full;
}

/**
 * Where everything for one repository lives in the cache:
 *   hub/models--owner--name/refs/<revision>        the commit a revision last resolved to
 *   hub/models--owner--name/snapshots/<commit>/    the verified checkpoint files
 *   hub/models--owner--name/partial/               downloads in progress, named by expected hash
 *   hub/models--owner--name/.lock                  held while downloading or converting
 */
export class RepoPaths {
  readonly root: string;
  constructor(
    cacheDir: string,
    readonly repo: string,
  ) {
    this.root = path.join(cacheDir, 'hub', `models--${checkRepoId(repo).replace('/', '--')}`);
  }
  ref(revision: string): string {
    return path.join(this.root, 'refs', encodeURIComponent(revision));
  }
  snapshot(commit: string): string {
    // The commit comes from the hub's X-Repo-Commit header: only a commit id may name a folder.
    if (!isCommitId(commit)) throw new TypeError(`'${commit}' is not a commit id`);
    return path.join(this.root, 'snapshots', commit);
  }
  get snapshots(): string {
    return path.join(this.root, 'snapshots');
  }
  get partial(): string {
    return path.join(this.root, 'partial');
  }
  get lock(): string {
    return path.join(this.root, '.lock');
  }
}

/** The repository id a `models--owner--name` folder stands for. */
export function repoFromFolderName(name: string): string | undefined {
  if (!name.startsWith('models--')) return undefined;
  return name.slice('models--'.length).replace('--', '/');
}
