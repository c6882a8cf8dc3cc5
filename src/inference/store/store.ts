import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { version as packageVersion } from '../../../package.json';
import type { Precision } from '../types';
import { builtInConverter } from './builtInConverter';
import { checkFreeSpace, downloadFile, hashFile } from './download';
import { ModelStoreError, diskError } from './errors';
import { HttpClient } from './http';
import { HubClient, type RemoteFile } from './hub';
import { FileLock, withLock } from './lock';
import { PACK_MANIFEST, buildPack, packProblem, readPackManifest, type Converter, type PackSource } from './packs';
import {
  DEFAULT_REPO,
  DEFAULT_REVISION,
  RepoPaths,
  assertInside,
  checkRepoId,
  checkRevision,
  isCommitId,
  repoFromFolderName,
  resolveEndpoint,
} from './paths';
import { resolvePlan, type ResolvedPlan } from './plan';
import { removeInside } from './removeInside';
import { ProgressMeter, type Progress } from './progress';
import { SNAPSHOT_MANIFEST, readRef, readSnapshot, writeRef, writeSnapshotManifest, type SnapshotFile } from './snapshot';

/** Which model to caption with; the VS Code settings `localAltText.model.*` have this shape. */
export interface ModelSource {
  /** Hub repository id; default Salesforce/blip-image-captioning-base. */
  repo?: string;
  /** Branch, tag or commit; default main. */
  revision?: string;
  /** A checkpoint or converted pack on this machine. When set, it is used and nothing is downloaded. */
  localFolder?: string;
  precision?: Precision;
}

/** What `fetch` would download, for the consent prompt. */
export interface DownloadPlan {
  endpoint: string;
  /** The host the files come from (large files are then served by the hub's CDN). */
  host: string;
  repo: string;
  revision: string;
  /** The commit the revision resolves to now. */
  commit: string;
  files: { name: string; bytes: number }[];
  totalBytes: number;
  /** What is left after the files and partial files already in the cache. */
  remainingBytes: number;
}

export interface FetchOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** One cached model, for "Show Model Info" and `model info`. */
export interface CachedModel {
  /** The hub repository, or undefined for a pack converted from a folder on this machine. */
  repo?: string;
  /** The checkpoint folder a local pack was converted from. */
  folder?: string;
  commit?: string;
  /** Revisions (branches, tags) that last resolved to this commit. */
  revisions: string[];
  /** The downloaded checkpoint; `complete` is false for a download that was interrupted. */
  checkpoint?: { dir: string; bytes: number; complete: boolean };
  /** `task`: 'captioning' or 'image-text-matching', from the pack's manifest. */
  packs: {
    dir: string;
    precision: Precision;
    task?: string;
    bytes: number;
    converterVersion?: string;
    usable: boolean;
    problem?: string;
  }[];
  /** Everything this entry holds on disk. */
  bytes: number;
}

export interface ModelStoreOptions {
  /** Where downloads and packs live: the extension's global storage, or the CLI's cache folder. */
  cacheDir: string;
  /** Hub base URL; default `HF_ENDPOINT`, else https://huggingface.co. */
  endpoint?: string;
  /** Proxy URL (the extension passes VS Code's `http.proxy`); '' means none; unset reads HTTPS_PROXY etc. */
  proxy?: string;
  /** Hub token for private or gated repositories; default `HF_TOKEN`. Sent to the hub only, never to its CDN. */
  token?: string;
  userAgent?: string;
  /** Longest silence on a connection before it counts as dropped. Default 30 s. */
  idleTimeoutMs?: number;
  /** Failed tries in a row, without new bytes, absorbed per file before giving up. Default 5. */
  retries?: number;
  /** 'sha256' re-hashes every pack file on load instead of checking sizes only. Default 'size'. */
  verify?: 'size' | 'sha256';
  /** The checkpoint-to-pack converter; default the built-in one, loaded on first use. */
  converter?: Converter;
}

/**
 * Gets a usable model pack: from a local folder, from the cache, or by downloading a checkpoint
 * from the hub (only when `fetch` is called, which the caller does after the writer agreed to the
 * `plan`) and converting it. Safe to use from several processes on one cache folder at once.
 */
export class ModelStore {
  readonly cacheDir: string;
  readonly endpoint: string;
  private readonly http: HttpClient;
  private readonly hub: HubClient;

  constructor(private readonly options: ModelStoreOptions) {
    this.cacheDir = path.resolve(options.cacheDir);
    this.endpoint = resolveEndpoint(options.endpoint);
    this.http = new HttpClient({
      userAgent: options.userAgent ?? `local-alt-text/${packageVersion}; node/${process.versions.node}`,
      proxy: options.proxy,
      token: options.token ?? (process.env.HF_TOKEN || undefined),
      tokenOrigin: new URL(this.endpoint).origin,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    });
    this.hub = new HubClient(this.http, this.endpoint);
  }

  /**
   * A pack folder ready for `Captioner.load`, from the local folder or the cache, converting a
   * checkpoint (local, or downloaded earlier) if its pack is missing, outdated or damaged. Never
   * touches the network; undefined when the model would have to be downloaded.
   */
  async findReady(source: ModelSource, signal?: AbortSignal): Promise<string | undefined> {
    if (source.localFolder) return this.fromLocalFolder(source.localFolder, precisionOf(source), signal);
    const { repo, revision } = hubSource(source);
    return this.fromCache(repo, revision, precisionOf(source), undefined, signal);
  }

  /** What `fetch` would download now: files, sizes, the host, and what is already here. */
  async plan(source: ModelSource, signal?: AbortSignal): Promise<DownloadPlan> {
    const { repo, revision } = hubSource(source);
    const plan = await resolvePlan(this.hub, repo, revision, signal);
    const paths = new RepoPaths(this.cacheDir, repo);
    let have = 0;
    for (const file of plan.files) have += await bytesAlreadyHere(paths, plan.commit, file);
    const totalBytes = sum(plan.files);
    return {
      endpoint: this.endpoint,
      host: this.hub.host,
      repo,
      revision,
      commit: plan.commit,
      files: plan.files.map(({ name, bytes }) => ({ name, bytes })),
      totalBytes,
      remainingBytes: totalBytes - have,
    };
  }

  /**
   * Makes the model ready, downloading what the cache lacks: resumable, verified against the hub's
   * hashes, and under a lock so that a second window or process waits for the first and reuses
   * its download. Returns the pack folder. A local folder in `source` is used as `findReady` does.
   */
  async fetch(source: ModelSource, options: FetchOptions = {}): Promise<string> {
    const { signal, onProgress } = options;
    const precision = precisionOf(source);
    if (source.localFolder) return this.fromLocalFolder(source.localFolder, precision, signal);
    const { repo, revision } = hubSource(source);
    const ready = await this.fromCache(repo, revision, precision, undefined, signal);
    if (ready) return ready;
    const paths = new RepoPaths(this.cacheDir, repo);
    const onWait = () => onProgress?.({ phase: 'waiting', bytes: 0, totalBytes: 0, bytesPerSecond: 0 });
    return withLock(paths.lock, { signal, onWait }, async (): Promise<string> => {
      // Whoever held the lock may just have finished this very model.
      const done = await this.fromCache(repo, revision, precision, paths, signal);
      if (done) return done;
      const plan = await resolvePlan(this.hub, repo, revision, signal);
      const meter = new ProgressMeter(sum(plan.files), onProgress);
      const snapshot = await this.download(plan, paths, meter, signal);
      await writeRef(paths.ref(revision), plan.commit).catch((err) => {
        throw diskError(err, paths.root);
      });
      return this.ensurePack(
        snapshot,
        this.hubPackDir(repo, plan.commit, precision),
        precision,
        { repo, revision, commit: plan.commit, files: await snapshotFiles(snapshot) },
        paths.lock,
        true,
        meter,
      );
    });
  }

  /** Everything in the cache, with sizes and whether each pack is usable. */
  async info(): Promise<CachedModel[]> {
    const models: CachedModel[] = [];
    for (const name of await listDir(path.join(this.cacheDir, 'hub'))) {
      const repo = repoFromFolderName(name);
      if (!repo) continue;
      const paths = new RepoPaths(this.cacheDir, repo);
      const refs = new Map<string, string[]>();
      for (const ref of await listDir(path.join(paths.root, 'refs'))) {
        const commit = await readRef(path.join(paths.root, 'refs', ref));
        if (commit) refs.set(commit, [...(refs.get(commit) ?? []), decodeURIComponent(ref)]);
      }
      const commits = new Set([
        ...(await listDir(paths.snapshots)).filter((c) => isCommitId(c)),
        ...(await listDir(this.hubPackRoot(repo))).map((p) => p.split('-')[0]).filter(isCommitId),
      ]);
      for (const commit of commits) {
        const dir = paths.snapshot(commit);
        const exists = await fs.stat(dir).then(
          () => true,
          () => false,
        );
        const checkpoint = exists ? { dir, bytes: await folderBytes(dir), complete: (await readSnapshot(dir)) !== undefined } : undefined;
        const packs = await this.packsIn(this.hubPackRoot(repo), (n) => n.startsWith(`${commit}-`));
        models.push({
          repo,
          commit,
          revisions: refs.get(commit) ?? [],
          checkpoint,
          packs,
          bytes: (checkpoint?.bytes ?? 0) + packs.reduce((a, p) => a + p.bytes, 0),
        });
      }
    }
    const local = path.join(this.cacheDir, 'packs', 'local');
    for (const name of await listDir(local)) {
      if (name.startsWith('.') || name.endsWith('.lock')) continue;
      const [pack] = await this.packsIn(local, (n) => n === name);
      if (!pack) continue;
      const manifest = await readPackManifest(pack.dir);
      models.push({ folder: manifest?.source.folder, revisions: [], packs: [pack], bytes: pack.bytes });
    }
    return models;
  }

  /**
   * Deletes every download and pack in the cache folder (and only those: the folder may be shared
   * with other data). Refuses with 'busy' while another process is downloading or converting.
   */
  async clear(): Promise<void> {
    for (const name of await listDir(path.join(this.cacheDir, 'hub'))) {
      const repo = repoFromFolderName(name);
      if (!repo) continue;
      const paths = new RepoPaths(this.cacheDir, repo);
      const lock = await FileLock.tryAcquire(paths.lock);
      if (!lock)
        throw new ModelStoreError(
          'busy',
          `${repo} is being downloaded or converted by another window or process; try again when it is done`,
        );
      try {
        await removeInside(this.cacheDir, this.hubPackRoot(repo), { recursive: true });
        // Everything but the lock first, so no other process starts while the folder goes.
        for (const entry of await listDir(paths.root))
          if (entry !== path.basename(paths.lock)) await removeInside(paths.root, path.join(paths.root, entry), { recursive: true });
      } finally {
        await lock.release();
      }
      await removeInside(this.cacheDir, paths.root, { recursive: true });
    }
    await removeInside(this.cacheDir, path.join(this.cacheDir, 'packs'), { recursive: true });
    await removeInside(this.cacheDir, path.join(this.cacheDir, 'hub'), { recursive: true });
  }

  /** Closes kept-alive proxy connections. */
  close(): void {
    this.http.close();
  }

  /** A local folder: a converted pack is used as it is, a checkpoint is converted into the cache once. */
  private async fromLocalFolder(folder: string, precision: Precision, signal?: AbortSignal): Promise<string> {
    const dir = path.resolve(folder);
    const stat = await fs.stat(dir).catch(() => undefined);
    if (!stat?.isDirectory()) throw new ModelStoreError('not-found', `The model folder ${dir} does not exist or is not a folder`);
    const converter = await this.converter();
    if (await exists(path.join(dir, PACK_MANIFEST))) {
      const problem = await packProblem(dir, converter.version, this.options.verify === 'sha256');
      if (problem)
        throw new ModelStoreError(
          'corrupt',
          `The model pack in ${dir} cannot be used: ${problem}. Point the setting at the original checkpoint folder instead, and it will be converted again.`,
        );
      return dir;
    }
    if (!(await exists(path.join(dir, 'config.json'))) || !(await anyExists(dir, WEIGHT_FILES))) {
      throw new ModelStoreError(
        'corrupt',
        `${dir} is neither a Hugging Face BLIP checkpoint (config.json and ${WEIGHT_FILES.join(' or ')}) nor a converted model pack (${PACK_MANIFEST})`,
      );
    }
    const key = await localFolderKey(dir);
    const packRoot = path.join(this.cacheDir, 'packs', 'local');
    return this.ensurePack(
      dir,
      path.join(packRoot, `${key}-${precision}`),
      precision,
      { folder: dir },
      path.join(packRoot, `${key}.lock`),
      false,
      undefined,
      signal,
    );
  }

  /** The cached pack for repo@revision, converting the cached checkpoint if needed; undefined if not downloaded. */
  private async fromCache(
    repo: string,
    revision: string,
    precision: Precision,
    lockedPaths: RepoPaths | undefined,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const paths = lockedPaths ?? new RepoPaths(this.cacheDir, repo);
    const commit = isCommitId(revision) ? revision : await readRef(paths.ref(revision));
    if (!commit) return undefined;
    const snapshot = paths.snapshot(commit);
    const manifest = await readSnapshot(snapshot);
    if (!manifest) return undefined;
    const source: PackSource = {
      repo,
      revision: manifest.revision,
      commit,
      files: manifest.files.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })),
    };
    return this.ensurePack(
      snapshot,
      this.hubPackDir(repo, commit, precision),
      precision,
      source,
      paths.lock,
      lockedPaths !== undefined,
      undefined,
      signal,
    );
  }

  /** The pack at `packDir` if it is complete and current, else (re)built from the checkpoint under the lock. */
  private async ensurePack(
    checkpointDir: string,
    packDir: string,
    precision: Precision,
    source: Omit<PackSource, 'files'> & { files?: PackSource['files'] },
    lockFile: string,
    locked: boolean,
    meter?: ProgressMeter,
    signal?: AbortSignal,
  ): Promise<string> {
    const converter = await this.converter();
    const deep = this.options.verify === 'sha256';
    if (!(await packProblem(packDir, converter.version, deep))) return packDir;
    const build = async () => {
      if (!(await packProblem(packDir, converter.version, deep))) return packDir;
      meter?.enter('converting');
      await fs.mkdir(path.dirname(packDir), { recursive: true }).catch((err) => {
        throw diskError(err, path.dirname(packDir));
      });
      await buildPack(checkpointDir, packDir, precision, source, converter, this.cacheDir);
      return packDir;
    };
    return locked ? build() : withLock(lockFile, { signal }, build);
  }

  /** Downloads every file of the plan that the snapshot folder lacks, then marks the snapshot complete. */
  private async download(plan: ResolvedPlan, paths: RepoPaths, meter: ProgressMeter, signal?: AbortSignal): Promise<string> {
    const dir = paths.snapshot(plan.commit);
    await fs.mkdir(dir, { recursive: true }).catch((err) => {
      throw diskError(err, paths.root);
    });
    let have = 0;
    for (const file of plan.files) have += await bytesAlreadyHere(paths, plan.commit, file);
    // The fp32 pack takes about as much room as the weights it is converted from.
    const weights = sum(plan.files.filter((f) => /\.(safetensors|bin)$/.test(f.name)));
    await checkFreeSpace(paths.root, sum(plan.files) - have + weights);
    const verified: SnapshotFile[] = [];
    for (const file of plan.files) {
      const dest = assertInside(dir, path.join(dir, file.name));
      const present = await fs.stat(dest).catch(() => undefined);
      let sha256: string;
      if (present?.size === file.bytes) {
        // Files reach the snapshot folder only by a rename after their hash check.
        meter.add(file.name, file.bytes, false);
        sha256 = file.sha256 ?? (await hashFile(dest, file.bytes)).sha256;
      } else {
        if (present) await removeInside(dir, dest);
        sha256 = (
          await downloadFile(this.http, this.hub, plan.repo, file, paths.partial, dest, {
            signal,
            retries: this.options.retries ?? 5,
            onBytes: (delta, fresh) => meter.add(file.name, delta, fresh),
            onVerify: () => meter.enter('verifying', file.name),
            refresh: () => this.hub.head(plan.repo, plan.commit, file.name, signal),
          })
        ).sha256;
      }
      meter.fileDone(file.name);
      verified.push({ name: file.name, bytes: file.bytes, sha256, etag: file.etag });
    }
    await writeSnapshotManifest(dir, {
      format: 1,
      repo: plan.repo,
      revision: plan.revision,
      commit: plan.commit,
      host: this.hub.host,
      downloadedAt: new Date().toISOString(),
      files: verified,
    });
    await removeInside(paths.root, paths.partial, { recursive: true });
    return dir;
  }

  private hubPackRoot(repo: string): string {
    return path.join(this.cacheDir, 'packs', path.basename(new RepoPaths(this.cacheDir, repo).root));
  }

  private hubPackDir(repo: string, commit: string, precision: Precision): string {
    if (!isCommitId(commit)) throw new TypeError(`'${commit}' is not a commit id`);
    return path.join(this.hubPackRoot(repo), `${commit}-${precision}`);
  }

  private async packsIn(root: string, include: (name: string) => boolean): Promise<CachedModel['packs']> {
    const converter = await this.converter();
    const packs: CachedModel['packs'] = [];
    for (const name of (await listDir(root)).filter((n) => !n.startsWith('.') && !n.endsWith('.lock') && include(n))) {
      const dir = path.join(root, name);
      const manifest = await readPackManifest(dir);
      const problem = await packProblem(dir, converter.version);
      // Packs from before matching packs existed carry no task: they are captioning packs.
      const task = manifest ? (manifest.task ?? 'captioning') : undefined;
      packs.push({
        dir,
        precision: manifest?.precision ?? (name.split('-').pop() as Precision),
        task,
        bytes: await folderBytes(dir),
        converterVersion: manifest?.converterVersion,
        usable: !problem,
        problem,
      });
    }
    return packs;
  }

  private async converter(): Promise<Converter> {
    return this.options.converter ?? builtInConverter;
  }
}

function hubSource(source: ModelSource): { repo: string; revision: string } {
  return { repo: checkRepoId(source.repo || DEFAULT_REPO), revision: checkRevision(source.revision || DEFAULT_REVISION) };
}

function precisionOf(source: ModelSource): Precision {
  return source.precision ?? 'fp32';
}

function sum(files: { bytes: number }[]): number {
  return files.reduce((a, f) => a + f.bytes, 0);
}

/** Bytes of `file` already in the cache: the verified file, or a partial download to resume. */
async function bytesAlreadyHere(paths: RepoPaths, commit: string, file: RemoteFile): Promise<number> {
  const done = await fs.stat(path.join(paths.snapshot(commit), file.name)).catch(() => undefined);
  if (done?.size === file.bytes) return file.bytes;
  const partial = await fs.stat(path.join(paths.partial, `${file.etag.replace(/[^A-Za-z0-9._-]/g, '_')}.part`)).catch(() => undefined);
  return partial && partial.size <= file.bytes ? partial.size : 0;
}

async function snapshotFiles(dir: string): Promise<PackSource['files']> {
  const manifest = await readSnapshot(dir);
  if (!manifest) throw new ModelStoreError('corrupt', `The download in ${dir} lost its ${SNAPSHOT_MANIFEST}`);
  return manifest.files.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 }));
}

/**
 * Names the pack of a local checkpoint folder: its real path plus each file's size and time, so an
 * edited checkpoint gets a new pack without hashing a gigabyte on every load.
 */
async function localFolderKey(dir: string): Promise<string> {
  const real = await fs.realpath(dir);
  const hash = createHash('sha256').update(real);
  for (const name of (await fs.readdir(real)).sort()) {
    const stat = await fs.stat(path.join(real, name)).catch(() => undefined);
    if (stat?.isFile()) hash.update(`\0${name}\0${stat.size}\0${stat.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function listDir(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => []);
}

/** The weight files by which a checkpoint folder is recognised, in any of its layouts. */
const WEIGHT_FILES = ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin', 'pytorch_model.bin.index.json'];

async function anyExists(dir: string, names: string[]): Promise<boolean> {
  for (const name of names) if (await exists(path.join(dir, name))) return true;
  return false;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await fs.stat(full)).size;
  }
  return total;
}
