import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseBlipConfig, type BlipConfig } from './config';
import { readPytorchBin } from './pytorch-bin';
import { readSafetensors } from './safetensors';
import type { Tensor } from './tensor';
import { readTextIfPresent } from '../textFile';

export type { Tensor } from './tensor';
export type { BlipConfig } from './config';

/** A Hugging Face BLIP checkpoint (captioning or image-text matching), read from its folder. */
export interface Checkpoint {
  config: BlipConfig;
  /**
   * The weights its task uses as float32, read-only: `vision_model.*` and `text_decoder.*` for
   * captioning; `vision_model.*`, `text_encoder.*`, `vision_proj`, `text_proj` and `itm_head` for matching.
   */
  weights: Map<string, Tensor>;
  /** Every file of the folder the runtime reads (config, weights, tokenizer, preprocessor), for a manifest. */
  files: { name: string; bytes: number }[];
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export const LM_HEAD_WEIGHT = 'text_decoder.cls.predictions.decoder.weight';
export const WORD_EMBEDDINGS = 'text_decoder.bert.embeddings.word_embeddings.weight';

/** Weight files in the order Hugging Face prefers them. */
const WEIGHT_LAYOUTS = [
  { file: 'model.safetensors', sharded: false },
  { file: 'model.safetensors.index.json', sharded: true },
  { file: 'pytorch_model.bin', sharded: false },
  { file: 'pytorch_model.bin.index.json', sharded: true },
] as const;

/** Files besides the weights that the runtime reads when present. */
const COMPANION_FILES = [
  'config.json',
  'tokenizer.json',
  'vocab.txt',
  'tokenizer_config.json',
  'preprocessor_config.json',
  'processor_config.json',
];

export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  const config = await readConfig(dir);
  const layout = await firstExisting(dir);
  const weightMap = layout.sharded ? await readWeightMap(dir, layout.file) : undefined;
  const weightFiles = weightMap ? shardFiles(dir, layout.file, weightMap) : [layout.file];
  const include = config.task === 'image-text-matching' ? isMatchingWeight : isCaptioningWeight;
  const weights = new Map<string, Tensor>();
  for (const file of weightFiles) {
    for (const [name, tensor] of await readWeightFile(path.join(dir, file), include)) {
      if (include(name)) weights.set(name, tensor);
    }
  }
  if (weightMap) checkShardsComplete(dir, layout.file, weightMap, weights, include);
  if (weights.size === 0) {
    const expected =
      config.task === 'image-text-matching'
        ? 'image-text matching weights (vision_model.* / text_encoder.*)'
        : 'captioning weights (vision_model.* / text_decoder.*)';
    throw new CheckpointError(`${path.join(dir, layout.file)} holds no BLIP ${expected}`);
  }

  const files: Checkpoint['files'] = [];
  const listed = [...COMPANION_FILES, ...(layout.sharded ? [layout.file] : []), ...weightFiles];
  for (const name of listed) {
    const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
    if (stat?.isFile()) files.push({ name, bytes: stat.size });
  }
  return { config, weights, files };
}

/**
 * The LM head's weight matrix. BLIP ties it to the word embeddings, so checkpoints often store only
 * the embeddings; both have shape [vocab, hidden].
 */
export function lmHeadWeight(weights: ReadonlyMap<string, Tensor>): Tensor {
  const tensor = weights.get(LM_HEAD_WEIGHT) ?? weights.get(WORD_EMBEDDINGS);
  if (!tensor) throw new CheckpointError(`the checkpoint has neither ${LM_HEAD_WEIGHT} nor ${WORD_EMBEDDINGS}`);
  return tensor;
}

/** Only the captioning model: other heads (text_encoder, itm_head ...) and index buffers are left out. */
export function isCaptioningWeight(name: string): boolean {
  if (!name.startsWith('vision_model.') && !name.startsWith('text_decoder.')) return false;
  return !name.endsWith('.position_ids');
}

const MATCHING_PREFIXES = ['vision_model.', 'text_encoder.', 'vision_proj.', 'text_proj.', 'itm_head.'];

/** Only the image-text matching model (BlipForImageTextRetrieval); older saves' position_ids buffers are left out. */
export function isMatchingWeight(name: string): boolean {
  return MATCHING_PREFIXES.some((prefix) => name.startsWith(prefix)) && !name.endsWith('.position_ids');
}

async function readConfig(dir: string): Promise<BlipConfig> {
  const file = path.join(dir, 'config.json');
  const cannotRead = (reason: string) =>
    new CheckpointError(`${file} cannot be read (${reason}): a checkpoint folder needs its config.json`);
  const text = await readTextIfPresent(file, cannotRead);
  if (text === undefined) throw cannotRead('ENOENT');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CheckpointError(`${file} is not valid JSON: the file is corrupt`);
  }
  try {
    return parseBlipConfig(json);
  } catch (error) {
    throw new CheckpointError(`${file}: ${(error as Error).message}`);
  }
}

async function firstExisting(dir: string): Promise<(typeof WEIGHT_LAYOUTS)[number]> {
  for (const layout of WEIGHT_LAYOUTS) {
    if (await isFile(path.join(dir, layout.file))) return layout;
  }
  throw new CheckpointError(`${dir} has no weights: expected ${WEIGHT_LAYOUTS.map((l) => l.file).join(', ')}`);
}

async function readWeightFile(file: string, include: (name: string) => boolean): Promise<Map<string, Tensor>> {
  if (!(await isFile(file))) throw new CheckpointError(`${file} is missing: the checkpoint is incomplete`);
  try {
    return file.endsWith('.safetensors') ? await readSafetensors(file) : await readPytorchBin(file, { include });
  } catch (error) {
    const message = (error as Error).message;
    // The readers name the file in their messages; anything that does not (I/O errors) gets it here.
    throw new CheckpointError(message.includes(file) ? message : `${file}: ${message}`);
  }
}

/** The distinct shard files an index names, each a plain file name in the same folder. */
function shardFiles(dir: string, indexFile: string, weightMap: Record<string, string>): string[] {
  const shards = [...new Set(Object.values(weightMap))];
  for (const shard of shards) {
    if (shard !== path.basename(shard) || shard.startsWith('.')) {
      throw new CheckpointError(`${path.join(dir, indexFile)} names the shard '${shard}', which is not a file in the checkpoint folder`);
    }
  }
  return shards;
}

function checkShardsComplete(
  dir: string,
  indexFile: string,
  weightMap: Record<string, string>,
  weights: Map<string, Tensor>,
  include: (name: string) => boolean,
): void {
  for (const [name, shard] of Object.entries(weightMap)) {
    if (include(name) && !weights.has(name)) {
      throw new CheckpointError(`${path.join(dir, shard)} lacks ${name}, which ${indexFile} places there: the checkpoint is inconsistent`);
    }
  }
}

async function readWeightMap(dir: string, indexFile: string): Promise<Record<string, string>> {
  const file = path.join(dir, indexFile);
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    throw new CheckpointError(`${file} is not valid JSON: the file is corrupt`);
  }
  const weightMap = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Object.values(weightMap).some((v) => typeof v !== 'string')) {
    throw new CheckpointError(`${file} has no weight_map of tensor names to shard files`);
  }
  return weightMap as Record<string, string>;
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}
