import type { IncomingMessage } from 'node:http';
import { ModelStoreError, toStoreError } from './errors';
import { type HttpClient, readSmallBody } from './http';
import { isCommitId, isPlainFileName } from './paths';

/** One file of a repository at a resolved commit, as the hub describes it. */
export interface RemoteFile {
  name: string;
  bytes: number;
  /** The commit the revision resolved to (`X-Repo-Commit`). */
  commit: string;
  /** The hub's ETag without quotes: a sha256 for large (LFS) files, the git blob sha1 for the others. */
  etag: string;
  sha256?: string;
  gitBlobSha1?: string;
  /** Where to GET the bytes: the CDN address the hub redirects to, or the resolve URL at the commit. */
  url: string;
}

/**
 * Reads file metadata the way the hub serves it: HEAD `/{repo}/resolve/{revision}/{file}`. Large
 * files answer with a redirect to a CDN whose headers (`X-Linked-Size`, `X-Linked-Etag`) describe the
 * real file; the redirect itself is not followed here, only remembered as the download address.
 */
export class HubClient {
  readonly host: string;

  constructor(
    private readonly http: HttpClient,
    readonly endpoint: string,
  ) {
    this.host = new URL(endpoint).host;
  }

  resolveUrl(repo: string, revision: string, file: string): URL {
    // A revision such as refs/pr/1 is one path segment on the hub, hence the full encoding.
    const filePath = file.split('/').map(encodeURIComponent).join('/');
    return new URL(`${this.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${filePath}`);
  }

  /** The file's metadata, or undefined when the repository has no such file at that revision. */
  async head(repo: string, revision: string, file: string, signal?: AbortSignal): Promise<RemoteFile | undefined> {
    // The name becomes a file in the cache; callers pass known names or checked shard names.
    if (!isPlainFileName(file))
      throw new ModelStoreError('corrupt', `'${file}' is not a plain file name; it cannot be downloaded into the cache`);
    const { response, body, url } = await this.http.send(this.resolveUrl(repo, revision, file), {
      method: 'HEAD',
      signal,
      redirects: 'same-site',
    });
    body.resume();
    const status = response.statusCode ?? 0;
    if (status === 404 && hubErrorCode(response) !== 'RepoNotFound' && hubErrorCode(response) !== 'RevisionNotFound') return undefined;
    if (status >= 400) throw this.statusError(response, repo, revision, file);
    const h = response.headers;
    const commit = header(h['x-repo-commit']);
    const etag = normalizeEtag(header(h['x-linked-etag']) ?? header(h.etag));
    const bytes = Number(header(h['x-linked-size']) ?? header(h['content-length']));
    if (!commit || !etag || !Number.isSafeInteger(bytes) || bytes < 0) {
      throw new ModelStoreError(
        'server',
        `${this.host} answered for ${repo}/${file} without the commit, ETag and size headers of a Hugging Face hub; check the endpoint (HF_ENDPOINT) and any proxy in between`,
      );
    }
    // The commit names the snapshot and pack folders: anything but a commit id (a path such as
    // '../../victim') is refused before it can reach the file system.
    if (!isCommitId(commit)) {
      throw new ModelStoreError(
        'server',
        `${this.host} answered for ${repo}/${file} with X-Repo-Commit '${printable(commit)}', which is not a 40-digit commit id; nothing was downloaded. Check the endpoint (HF_ENDPOINT) and any proxy in between`,
      );
    }
    const location = header(h.location);
    const downloadUrl = status >= 300 && location ? new URL(location, url) : this.resolveUrl(repo, commit, file);
    return {
      name: file,
      bytes,
      commit,
      etag,
      sha256: /^[0-9a-f]{64}$/.test(etag) ? etag : undefined,
      gitBlobSha1: /^[0-9a-f]{40}$/.test(etag) ? etag : undefined,
      url: downloadUrl.href,
    };
  }

  /** A small file's bytes (a shard index), read into memory. */
  async getSmall(file: RemoteFile, repo: string, signal?: AbortSignal): Promise<Buffer> {
    const { response, body, url } = await this.http.send(new URL(file.url), { method: 'GET', signal, redirects: 'all' });
    if ((response.statusCode ?? 0) >= 400) {
      body.resume();
      throw this.statusError(response, repo, file.commit, file.name);
    }
    try {
      return await readSmallBody(body, url.host);
    } catch (err) {
      throw toStoreError(err, url.host);
    }
  }

  /** The message for an HTTP error status, with what the writer can do about it. */
  statusError(response: IncomingMessage, repo: string, revision: string, file: string): ModelStoreError {
    const status = response.statusCode ?? 0;
    const code = hubErrorCode(response);
    const detail = header(response.headers['x-error-message']);
    const where = `${repo} on ${this.host}`;
    const suffix = detail ? ` (${this.host} says: ${detail})` : '';
    if (code === 'GatedRepo') {
      return new ModelStoreError(
        'unauthorized',
        `${where} is gated: accept its terms on the model's page, then set a token (HF_TOKEN) for an account that did${suffix}`,
      );
    }
    if (code === 'RepoNotFound') {
      return new ModelStoreError(
        'not-found',
        `The repository ${where} was not found. Check the repository id; a private repository also needs a token (HF_TOKEN)${suffix}`,
      );
    }
    if (code === 'RevisionNotFound')
      return new ModelStoreError(
        'not-found',
        `The revision '${revision}' was not found in ${where}. Check the revision (a branch, tag or commit)${suffix}`,
      );
    if (status === 404) return new ModelStoreError('not-found', `${file} was not found in ${where} at revision '${revision}'${suffix}`);
    if (status === 401)
      return new ModelStoreError(
        'unauthorized',
        `${where} refused the request (401 Unauthorized): the repository needs a token (HF_TOKEN), or the token given is invalid${suffix}`,
      );
    if (status === 403)
      return new ModelStoreError(
        'unauthorized',
        `${where} denied access (403 Forbidden): the token lacks permission for this repository, or its terms have not been accepted${suffix}`,
      );
    if (status === 407)
      return new ModelStoreError(
        'network',
        `The proxy refused the request (407 Proxy Authentication Required): put the proxy's user and password in its URL${suffix}`,
      );
    if (status === 429)
      return new ModelStoreError('server', `${this.host} is rate limiting requests (429); try again in a few minutes${suffix}`);
    return new ModelStoreError(
      'server',
      `${this.host} answered ${status} ${response.statusMessage ?? ''} for ${file || repo}; try again later${suffix}`,
    );
  }
}

/** A header value quoted in a message: short, and without control characters. */
function printable(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}

function hubErrorCode(response: IncomingMessage): string | undefined {
  return header(response.headers['x-error-code']);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** ETags arrive quoted and sometimes weak (W/"..."); the hash inside is what matters. */
export function normalizeEtag(etag: string | undefined): string | undefined {
  if (!etag) return undefined;
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}
