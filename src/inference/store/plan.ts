import { ModelStoreError } from './errors';
import type { HubClient, RemoteFile } from './hub';

/** Tokenizer files: a checkpoint needs one of them (the captioner reads tokenizer.json, the matcher vocab.txt first). */
const TOKENIZERS = ['tokenizer.json', 'vocab.txt'];
/** Tokenizer and preprocessor settings that checkpoints carry under one name or another. */
const OPTIONAL = [
  'tokenizer_config.json',
  'special_tokens_map.json',
  'preprocessor_config.json',
  'processor_config.json',
  'generation_config.json',
];
const SAFETENSORS = 'model.safetensors';
const SAFETENSORS_INDEX = 'model.safetensors.index.json';
const PYTORCH = 'pytorch_model.bin';

/** Everything to download for one repository at one commit, small files first. */
export interface ResolvedPlan {
  repo: string;
  revision: string;
  commit: string;
  files: RemoteFile[];
}

/**
 * Asks the hub which files to fetch: the config, tokenizer and preprocessor files, then the weights
 * as `model.safetensors` (or its shards) if the repository has them, else `pytorch_model.bin`.
 * Everything after the first request is pinned to the commit the revision resolved to, so a push
 * in the middle cannot mix two versions.
 */
export async function resolvePlan(hub: HubClient, repo: string, revision: string, signal?: AbortSignal): Promise<ResolvedPlan> {
  const config = await hub.head(repo, revision, 'config.json', signal);
  if (!config)
    throw new ModelStoreError(
      'not-found',
      `${repo} on ${hub.host} has no config.json at revision '${revision}': it is not a Hugging Face model checkpoint`,
    );
  const { commit } = config;
  const head = (name: string) => hub.head(repo, commit, name, signal);
  const names = [...TOKENIZERS, ...OPTIONAL, SAFETENSORS, SAFETENSORS_INDEX, PYTORCH];
  const found = new Map<string, RemoteFile | undefined>(await Promise.all(names.map(async (n) => [n, await head(n)] as const)));

  if (!TOKENIZERS.some((name) => found.get(name))) {
    throw new ModelStoreError(
      'not-found',
      `${repo} on ${hub.host} has neither ${TOKENIZERS.join(' nor ')} at commit ${commit.slice(0, 12)}: it has no tokenizer`,
    );
  }
  const files: RemoteFile[] = [config];
  for (const name of [...TOKENIZERS, ...OPTIONAL]) {
    const file = found.get(name);
    if (file) files.push(file);
  }
  files.push(...(await pickWeights(hub, repo, commit, found, signal)));
  return { repo, revision, commit, files };
}

async function pickWeights(
  hub: HubClient,
  repo: string,
  commit: string,
  found: Map<string, RemoteFile | undefined>,
  signal?: AbortSignal,
): Promise<RemoteFile[]> {
  const single = found.get(SAFETENSORS);
  if (single) return [single];
  const index = found.get(SAFETENSORS_INDEX);
  if (index) {
    const shards = shardNames(await hub.getSmall(index, repo, signal), `${repo}/${SAFETENSORS_INDEX}`);
    const files = await Promise.all(shards.map((name) => hub.head(repo, commit, name, signal)));
    const missing = shards.filter((_, i) => !files[i]);
    if (missing.length)
      throw new ModelStoreError('not-found', `${repo} lists weight shards that it does not contain: ${missing.join(', ')}`);
    return [index, ...(files as RemoteFile[])];
  }
  const pytorch = found.get(PYTORCH);
  if (pytorch) return [pytorch];
  throw new ModelStoreError(
    'not-found',
    `${repo} on ${hub.host} has neither ${SAFETENSORS} nor ${PYTORCH} at commit ${commit.slice(0, 12)}: there are no weights to download`,
  );
}

/** The distinct shard files a safetensors index names, each checked to be a plain file name. */
export function shardNames(indexBytes: Buffer, label: string): string[] {
  let weightMap: unknown;
  try {
    weightMap = (JSON.parse(indexBytes.toString('utf8')) as { weight_map?: unknown }).weight_map;
  } catch {
    throw new ModelStoreError('corrupt', `${label} is not JSON`);
  }
  if (typeof weightMap !== 'object' || weightMap === null) throw new ModelStoreError('corrupt', `${label} has no weight_map`);
  const names = [...new Set(Object.values(weightMap))];
  for (const name of names) {
    // A shard name becomes a file name in the cache: nothing that could climb out of the folder.
    if (typeof name !== 'string' || !/^[A-Za-z0-9._-]+\.safetensors$/.test(name) || name.startsWith('.')) {
      throw new ModelStoreError('corrupt', `${label} names a shard '${String(name)}' that is not a plain .safetensors file name`);
    }
  }
  return (names as string[]).sort();
}
