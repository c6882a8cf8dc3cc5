import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { diskError } from './errors';

/**
 * Written into a snapshot folder after every file in it passed its hash check, and only then: a
 * folder without it is a download still in progress.
 */
export const SNAPSHOT_MANIFEST = '.snapshot.json';

export interface SnapshotFile {
  name: string;
  bytes: number;
  sha256: string;
  /** The hub's ETag the file was checked against. */
  etag: string;
}

export interface SnapshotManifest {
  format: 1;
  repo: string;
  /** The revision asked for when it was downloaded (a branch, tag or commit). */
  revision: string;
  commit: string;
  /** The hub it came from, e.g. huggingface.co. */
  host: string;
  downloadedAt: string;
  files: SnapshotFile[];
}

/** The manifest of a complete snapshot whose files all still have their recorded sizes, else undefined. */
export async function readSnapshot(dir: string): Promise<SnapshotManifest | undefined> {
  const manifest = await readJson<SnapshotManifest>(path.join(dir, SNAPSHOT_MANIFEST));
  if (manifest?.format !== 1 || !Array.isArray(manifest.files)) return undefined;
  for (const file of manifest.files) {
    const stat = await fs.stat(path.join(dir, file.name)).catch(() => undefined);
    if (stat?.size !== file.bytes) return undefined;
  }
  return manifest;
}

export async function writeSnapshotManifest(dir: string, manifest: SnapshotManifest): Promise<void> {
  await writeJsonAtomic(path.join(dir, SNAPSHOT_MANIFEST), manifest);
}

/** The commit a revision last resolved to, as recorded by a completed fetch. */
export async function readRef(file: string): Promise<string | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  const commit = text?.trim();
  return commit && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}

export async function writeRef(file: string, commit: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeTextAtomic(file, commit + '\n');
}

export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeTextAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Write then rename, so a reader sees the old content or the new, never half of it. */
async function writeTextAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    await fs.writeFile(temp, text);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw diskError(err, path.dirname(file));
  }
}
