import { promises as fs } from 'node:fs';
import type { CaptionWorker } from '../inference/worker/captionWorker';
import type { GenerationOptions, Precision } from '../inference/types';
import { DEFAULT_MAX_CHARACTERS, PRECISIONS, type CaptionRequest } from '../inference/generation/request';
import { DEFAULT_MAX_IMAGE_BYTES } from '../inference/regularFile';
import { UsageError } from './errors';

/**
 * The options every command that captions shares (`caption`, `fix`): where the model is, how it
 * runs and how it decodes. Spread into a command's parseArgs options.
 */
export const CAPTION_OPTIONS = {
  model: { type: 'string' },
  prompt: { type: 'string' },
  beams: { type: 'string' },
  'min-length': { type: 'string' },
  'max-length': { type: 'string' },
  'repetition-penalty': { type: 'string' },
  'length-penalty': { type: 'string' },
  'trailing-period': { type: 'boolean', default: false },
  'max-chars': { type: 'string' },
  'cache-dir': { type: 'string' },
  precision: { type: 'string' },
  threads: { type: 'string' },
  'max-image-mb': { type: 'string' },
  'no-read-text': { type: 'boolean', default: false },
} as const;

/** The values parseArgs gives for CAPTION_OPTIONS. */
export interface CaptionOptionValues {
  model?: string;
  prompt?: string;
  beams?: string;
  'min-length'?: string;
  'max-length'?: string;
  'repetition-penalty'?: string;
  'length-penalty'?: string;
  'trailing-period'?: boolean;
  'max-chars'?: string;
  'cache-dir'?: string;
  precision?: string;
  threads?: string;
  'max-image-mb'?: string;
  'no-read-text'?: boolean;
}

/** Which model to load and how to run it. */
export interface ModelArguments {
  /** A checkpoint folder, a converted pack, or hub:OWNER/NAME[@REVISION]. */
  model: string;
  cacheDir?: string;
  precision?: Precision;
  threads?: number;
  /** Largest image file read, in bytes. */
  maxImageBytes: number;
}

export interface CaptionArguments {
  model: ModelArguments;
  /** What each caption asks of the worker: decoding, style, and whether to read the text of screenshots and diagrams. */
  request: CaptionRequest;
}

/** How a command describes the decoding defaults it applies when a flag is absent. */
export interface DefaultsHelp {
  beams: string;
  maxLength: string;
}

/** The help lines for CAPTION_OPTIONS, aligned with the rest of a command's usage. */
export function captionOptionsHelp(defaults: DefaultsHelp): string {
  return `  --model DIR               a Hugging Face BLIP checkpoint folder (converted into the cache on first
                            use), a converted model pack, or hub:OWNER/NAME[@REVISION] (downloaded)
  --prompt TEXT             text the caption starts with, e.g. "a picture of" (left out of the caption)
  --beams N                 beam search with N beams (${defaults.beams})
  --min-length N            at least N tokens, counting the start token and the prompt (default 0)
  --max-length N            at most N tokens, counting the start token and the prompt (${defaults.maxLength})
  --repetition-penalty X    penalise tokens already used (default 1: none)
  --length-penalty X        beam search: favour longer (> 0) or shorter (< 0) captions (default 1)
  --trailing-period         end captions with a full stop
  --max-chars N             shorten alt text to at most N characters (default ${DEFAULT_MAX_CHARACTERS})
  --precision P             fp32 (default: the reference captions), int8 or q4 (quantized weights:
                            faster and smaller, captions may differ; see docs/performance.md);
                            for a checkpoint or hub model, converted once per precision
  --cache-dir DIR           cache folder (default: $LOCAL_ALT_TEXT_CACHE, else the user's cache folder)
  --threads N               threads per operator (default: one per physical core)
  --max-image-mb N          largest image file read, in megabytes (default ${DEFAULT_MAX_IMAGE_BYTES / (1024 * 1024)})
  --no-read-text            do not read the text in screenshots and diagrams (by default it is read,
                            on this machine, and quoted after the caption within --max-chars)`;
}

/**
 * Checks and converts the shared options into the caption request. `defaults` fills in decoding
 * settings the command wants when their flags are absent; anything else absent is left to the
 * checkpoint's generation_config.json, then to Hugging Face's defaults.
 */
export function readCaptionOptions(values: CaptionOptionValues, usage: string, defaults: GenerationOptions = {}): CaptionArguments {
  if (!values.model) throw new UsageError(`--model is required\n\n${usage}`);
  const precision = values.precision as Precision | undefined;
  if (precision !== undefined && !PRECISIONS.includes(precision))
    throw new UsageError(`--precision must be ${PRECISIONS.join(', ')}, not '${values.precision}'`);
  const given: GenerationOptions = {
    prompt: values.prompt,
    numBeams: integer(values.beams, '--beams', 1),
    minLength: integer(values['min-length'], '--min-length', 0),
    maxLength: integer(values['max-length'], '--max-length', 1),
    repetitionPenalty: number(values['repetition-penalty'], '--repetition-penalty'),
    lengthPenalty: number(values['length-penalty'], '--length-penalty'),
  };
  const flagsGiven = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as GenerationOptions;
  return {
    model: {
      model: values.model,
      cacheDir: values['cache-dir'],
      precision,
      threads: integer(values.threads, '--threads', 1),
      maxImageBytes: megabytes(values['max-image-mb'], '--max-image-mb') ?? DEFAULT_MAX_IMAGE_BYTES,
    },
    request: {
      ...defaults,
      ...flagsGiven,
      // The CLI capitalises, as the editor does by default; other style comes from the flags.
      style: {
        capitalize: true,
        trailingPeriod: values['trailing-period'] ?? false,
        maxCharacters: integer(values['max-chars'], '--max-chars', 1) ?? DEFAULT_MAX_CHARACTERS,
      },
      readText: !values['no-read-text'],
    },
  };
}

/** Fails early, before any work, when --model names a local folder that is not there. */
export async function checkModelFolder(model: ModelArguments): Promise<void> {
  if (!model.model.startsWith('hub:') && !(await isDirectory(model.model))) throw new UsageError(`--model ${model.model}: no such folder`);
}

/** I/O a hub download reports on and may ask through. */
export interface ModelLoadIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Loads the model in worker threads: a hub model is downloaded first (progress on stderr), a
 * checkpoint folder is converted into the cache on first use. A model that cannot be used is a
 * usage error: the user has to point at another one.
 */
export async function startCaptionWorker(model: ModelArguments, io: ModelLoadIo): Promise<CaptionWorker> {
  const { CaptionWorker } = await import('../inference/worker/captionWorker');
  const modelDir = await modelFolderFor(model.model, { cacheDir: model.cacheDir, precision: model.precision }, io);
  try {
    return await CaptionWorker.start(modelDir, {
      cacheDir: model.cacheDir,
      precision: model.precision,
      intraOpThreads: model.threads,
      maxFileBytes: model.maxImageBytes,
    });
  } catch (err) {
    throw unusableModel(model.model, err);
  }
}

/** The folder `--model` names: a hub model is downloaded first (progress on stderr); a local folder must exist. */
export async function modelFolderFor(
  spec: string,
  options: { cacheDir?: string; precision?: Precision },
  io: ModelLoadIo,
): Promise<string> {
  if (!spec.startsWith('hub:')) {
    if (!(await isDirectory(spec))) throw new UsageError(`--model ${spec}: no such folder`);
    return spec;
  }
  const { packForHubSpec } = await import('./hubModel');
  return packForHubSpec(spec, options, { ...io, stdin: process.stdin });
}

/** A model that cannot be used is a usage error: the user has to point at another one. */
export function unusableModel(spec: string, err: unknown): UsageError {
  return new UsageError(`the model in ${spec} cannot be used: ${err instanceof Error ? err.message : String(err)}`);
}

function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min) throw new UsageError(`${flag} must be an integer of at least ${min}, not '${value}'`);
  return n;
}

function megabytes(value: string | undefined, flag: string): number | undefined {
  const n = number(value, flag);
  if (n !== undefined && n <= 0) throw new UsageError(`${flag} must be above 0, not '${value}'`);
  return n === undefined ? undefined : Math.floor(n * 1024 * 1024);
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number, not '${value}'`);
  return n;
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}
