import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint } from '../../../src/inference/checkpoint/index';
import { convertCheckpoint } from '../../../src/inference/onnx/convert';

/** The two reference sets: the same code must reproduce both, whatever their sizes. */
export const FIXTURE_SETS = ['blip-reference', 'blip-heldout'] as const;
export type FixtureSet = (typeof FIXTURE_SETS)[number];

export const fixtureDir = (set: FixtureSet) => path.join(__dirname, '../../fixtures', set);
export const checkpointDir = (set: FixtureSet) => path.join(fixtureDir(set), 'tiny-blip');

export interface Stats {
  shape: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  first8: number[];
}

export interface GoldenImage {
  file: string;
  image_embeds: Stats;
  image_embeds_row0_first8: number[];
  prompt_input_ids: number[];
  greedy: { ids: number[]; text: string };
  prompted: { prompt: string; ids: number[]; text: string };
  beam3: { ids: number[]; text: string; params: { num_beams: number; max_length: number; min_length: number } };
  'greedy_rep1.5_max30': { ids: number[]; text: string };
}

export interface Golden {
  config: { dec_id: number; sep_id: number; pad_id: number; vocab_size: number };
  images: Record<string, GoldenImage>;
  teacher_forcing: { image: string; input_ids: number[]; logits_shape: [number, number] };
}

/** The four generation settings golden.json records, as our options. */
export const SETTINGS = {
  greedy: { maxLength: 20 },
  prompted: { maxLength: 20, prompt: 'a picture of' },
  beam3: { numBeams: 3, maxLength: 20, minLength: 5 },
  'greedy_rep1.5_max30': { maxLength: 30, repetitionPenalty: 1.5 },
} as const;
export type SettingName = keyof typeof SETTINGS;

const goldens = new Map<FixtureSet, Promise<Golden>>();
export function golden(set: FixtureSet): Promise<Golden> {
  if (!goldens.has(set)) goldens.set(set, fs.readFile(path.join(fixtureDir(set), 'golden.json'), 'utf8').then(JSON.parse));
  return goldens.get(set)!;
}

export async function readFloat32(file: string): Promise<Float32Array> {
  const bytes = await fs.readFile(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The reference's preprocessed pixels: parity of the model alone, independent of our preprocessing. */
export const referencePixels = (set: FixtureSet, image: string) => readFloat32(path.join(fixtureDir(set), 'pixel_values', `${image}.f32`));

let scratch: string | undefined;
/** A temporary folder for this test run, removed when the process exits. */
export function scratchDir(): string {
  if (!scratch) {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'local-alt-text-parity-'));
    const dir = scratch;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}

const converted = new Map<FixtureSet, Promise<string>>();
/** The fixture checkpoint's ONNX graphs, converted once per test run and shared by every test file. */
export function convertedGraphs(set: FixtureSet): Promise<string> {
  if (!converted.has(set)) {
    converted.set(
      set,
      (async () => {
        const out = path.join(scratchDir(), `${set}-graphs`);
        await convertCheckpoint(await readCheckpoint(checkpointDir(set)), out);
        return out;
      })(),
    );
  }
  return converted.get(set)!;
}

const cacheDirs = new Map<FixtureSet, string>();
/**
 * A model cache for this run in which the fixture checkpoint has been converted (through the model
 * store, once): Captioner, CaptionWorker and the CLI given the checkpoint folder and this cache
 * find the pack ready.
 */
export function modelCache(set: FixtureSet): string {
  if (!cacheDirs.has(set)) cacheDirs.set(set, path.join(scratchDir(), `${set}-cache`));
  return cacheDirs.get(set)!;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function stats(data: Float32Array): Omit<Stats, 'shape' | 'first8'> {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of data) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / data.length;
  let sq = 0;
  for (const x of data) sq += (x - mean) ** 2;
  return { mean, std: Math.sqrt(sq / data.length), min, max };
}
