import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Precision } from '../types';
import { ModelStoreError, diskError } from './errors';
import { hashFile } from './download';
import { assertInside } from './paths';
import { removeInside } from './removeInside';
import { readJson, writeJsonAtomic } from './snapshot';

/** Converts a checkpoint folder into the ONNX graphs of a pack, written into `outDir`. */
export interface Converter {
  /** Recorded in every pack; a pack made by another version is rebuilt. */
  version: string;
  /** May say what the pack does (`task`), which the manifest then records. */
  convert(checkpointDir: string, outDir: string, precision: Precision): Promise<void | { task?: string }>;
}

export const PACK_MANIFEST = 'manifest.json';

export interface PackFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** Where a pack came from: a hub repository at a commit, or a folder on this machine. */
export interface PackSource {
  repo?: string;
  revision?: string;
  commit?: string;
  folder?: string;
  /** The checkpoint files the pack was converted from, with their hashes. */
  files: PackFile[];
}

export interface PackManifest {
  format: 1;
  converterVersion: string;
  precision: Precision;
  /** 'captioning' or 'image-text-matching'; absent in packs made before matching packs existed (captioning). */
  task?: string;
  createdAt: string;
  source: PackSource;
  /** Every file of the pack besides this manifest. */
  files: PackFile[];
}

/** Checkpoint files that the runtime reads besides the weights, copied into the pack as they are. */
const COMPANIONS = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'vocab.txt',
  'special_tokens_map.json',
  'preprocessor_config.json',
  'processor_config.json',
  'generation_config.json',
];

/**
 * Why the pack in `dir` cannot be used (missing, from another converter version, a file missing,
 * truncated or, with `hashes`, altered), or undefined when it is complete.
 */
export async function packProblem(dir: string, converterVersion: string, hashes = false): Promise<string | undefined> {
  const manifest = await readJson<PackManifest>(path.join(dir, PACK_MANIFEST));
  if (!manifest) return 'it has no readable manifest';
  if (manifest.format !== 1 || !Array.isArray(manifest.files) || manifest.files.length === 0)
    return 'its manifest is not one this version understands';
  if (manifest.converterVersion !== converterVersion)
    return `it was made by converter version ${manifest.converterVersion}; this version is ${converterVersion}`;
  for (const file of manifest.files) {
    const stat = await fs.stat(path.join(dir, file.name)).catch(() => undefined);
    if (!stat?.isFile()) return `${file.name} is missing`;
    if (stat.size !== file.bytes) return `${file.name} has ${stat.size} bytes instead of ${file.bytes}`;
    if (hashes && (await hashFile(path.join(dir, file.name), stat.size)).sha256 !== file.sha256)
      return `${file.name} does not match its recorded hash`;
  }
  return undefined;
}

export async function readPackManifest(dir: string): Promise<PackManifest | undefined> {
  return readJson<PackManifest>(path.join(dir, PACK_MANIFEST));
}

/**
 * Converts `checkpointDir` into a pack at `packDir`: built in a temporary sibling folder, then
 * renamed into place, so that a crash or a failed conversion never leaves a half pack where a
 * complete one is expected. A damaged or outdated pack already there is replaced.
 */
export async function buildPack(
  checkpointDir: string,
  packDir: string,
  precision: Precision,
  source: Omit<PackSource, 'files'> & { files?: PackFile[] },
  converter: Converter,
  cacheDir: string,
): Promise<PackManifest> {
  // The pack replaces whatever is at packDir: that must be a folder of the cache.
  assertInside(cacheDir, packDir);
  const parent = path.dirname(packDir);
  const temp = path.join(parent, `.${path.basename(packDir)}.${randomUUID()}.tmp`);
  try {
    await fs.mkdir(temp, { recursive: true });
  } catch (err) {
    throw diskError(err, parent);
  }
  try {
    let converted: void | { task?: string };
    try {
      converted = await converter.convert(checkpointDir, temp, precision);
    } catch (err) {
      if (err instanceof ModelStoreError) throw err;
      const code = (err as { code?: string }).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw diskError(err, parent);
      throw new ModelStoreError('conversion', `Converting ${checkpointDir} failed: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    for (const name of COMPANIONS) {
      await fs.copyFile(path.join(checkpointDir, name), path.join(temp, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    const manifest: PackManifest = {
      format: 1,
      converterVersion: converter.version,
      precision,
      ...(converted?.task ? { task: converted.task } : {}),
      createdAt: new Date().toISOString(),
      source: { ...source, files: source.files ?? (await hashFolderFiles(checkpointDir)) },
      files: await hashFolderFiles(temp),
    };
    await writeJsonAtomic(path.join(temp, PACK_MANIFEST), manifest);
    await removeInside(cacheDir, packDir, { recursive: true });
    await fs.rename(temp, packDir);
    return manifest;
  } catch (err) {
    await removeInside(cacheDir, temp, { recursive: true });
    throw diskError(err, parent);
  }
}

/** Every regular file directly in `dir` (dot files aside), with size and sha256. */
export async function hashFolderFiles(dir: string): Promise<PackFile[]> {
  const files: PackFile[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.') || entry.name === PACK_MANIFEST) continue;
    const full = path.join(dir, entry.name);
    const { size } = await fs.stat(full);
    files.push({ name: entry.name, bytes: size, sha256: (await hashFile(full, size)).sha256 });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}
