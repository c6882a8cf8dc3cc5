import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CaptionWorker } from '../inference/worker/captionWorker';
import type { CaptionResult, GenerationOptions, Precision } from '../inference/types';
import { ExitCode, UsageError } from './errors';

export const CAPTION_USAGE = `usage: local-alt-text caption <image...> --model <dir> [options]

Writes a caption for each image with BLIP, on this machine.

  --model DIR               a Hugging Face BLIP checkpoint folder (converted into the cache on first
                            use), a converted model pack, or hub:OWNER/NAME[@REVISION] (downloaded)
  --prompt TEXT             text the caption starts with, e.g. "a picture of" (left out of the caption)
  --beams N                 beam search with N beams (default 1: greedy)
  --min-length N            at least N tokens, counting the start token and the prompt (default 0)
  --max-length N            at most N tokens, counting the start token and the prompt (default 20)
  --repetition-penalty X    penalise tokens already used (default 1: none)
  --length-penalty X        beam search: favour longer (> 0) or shorter (< 0) captions (default 1)
  --format text|json        json: [{"image", "ids", "text", "caption"}, ...] (default text)
  --trailing-period         end captions with a full stop
  --precision P             fp32 (default: the reference captions), int8 or q4 (quantized weights:
                            faster and smaller, captions may differ; see docs/performance.md);
                            for a checkpoint or hub model, converted once per precision
  --cache-dir DIR           cache folder (default: $LOCAL_ALT_TEXT_CACHE, else the user's cache folder)
  --threads N               threads per operator (default: one per physical core)

Exit code: 0 when every image got a caption, 2 on a missing or unusable model or image.`;

const FORMATS = ['text', 'json'] as const;
const PRECISIONS: readonly Precision[] = ['fp32', 'int8', 'q4'];

/** I/O the command uses, replaceable in tests. */
export interface CaptionCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const processIo: CaptionCommandIo = { stdout: process.stdout, stderr: process.stderr };

interface CaptionArguments {
  images: string[];
  model: string;
  format: (typeof FORMATS)[number];
  generation: GenerationOptions;
  cacheDir?: string;
  precision?: Precision;
  trailingPeriod: boolean;
  threads?: number;
}

/** `local-alt-text caption`: captions images with the model in a worker-thread pipeline. */
export async function caption(args: string[], io: CaptionCommandIo = processIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(CAPTION_USAGE + '\n');
    return ExitCode.ok;
  }
  const options = parse(args);
  // Every image is checked before the model loads: a typo should not cost a model load.
  const missing = (await Promise.all(options.images.map(async (image) => ((await isFile(image)) ? undefined : image)))).filter((i) => i !== undefined);
  if (missing.length) throw new UsageError(missing.map((image) => `${image}: no such file`).join('\n'));

  const worker = await startWorker(options, io);
  const results: ({ image: string } & CaptionResult)[] = [];
  let failed = false;
  try {
    // All requests go in at once: the worker preprocesses the next images while one is captioned.
    const pending = options.images.map((image) => worker.caption(image, options.generation));
    for (const [i, request] of pending.entries()) {
      const image = options.images[i];
      try {
        const result = await request;
        results.push({ image, ids: result.ids, text: result.text, caption: result.caption });
        if (options.format === 'text') io.stdout.write(options.images.length > 1 ? `${image}: ${result.caption}\n` : `${result.caption}\n`);
      } catch (err) {
        failed = true;
        io.stderr.write(`local-alt-text caption: ${image}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  } finally {
    await worker.dispose();
  }
  if (options.format === 'json') io.stdout.write(JSON.stringify(results, null, 2) + '\n');
  return failed ? ExitCode.error : ExitCode.ok;
}

async function startWorker(options: CaptionArguments, io: CaptionCommandIo): Promise<CaptionWorker> {
  const { CaptionWorker } = await import('../inference/worker/captionWorker');
  let modelDir = options.model;
  if (modelDir.startsWith('hub:')) {
    const { packForHubSpec } = await import('./model');
    modelDir = await packForHubSpec(modelDir, { cacheDir: options.cacheDir, precision: options.precision }, { ...io, stdin: process.stdin });
  } else if (!(await isDirectory(modelDir))) {
    throw new UsageError(`--model ${modelDir}: no such folder`);
  }
  try {
    return await CaptionWorker.start(modelDir, { cacheDir: options.cacheDir, precision: options.precision, trailingPeriod: options.trailingPeriod, intraOpThreads: options.threads });
  } catch (err) {
    throw new UsageError(`the model in ${options.model} cannot be used: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function parse(args: string[]): CaptionArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        prompt: { type: 'string' },
        beams: { type: 'string' },
        'min-length': { type: 'string' },
        'max-length': { type: 'string' },
        'repetition-penalty': { type: 'string' },
        'length-penalty': { type: 'string' },
        format: { type: 'string', default: 'text' },
        'trailing-period': { type: 'boolean', default: false },
        'cache-dir': { type: 'string' },
        precision: { type: 'string' },
        threads: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${CAPTION_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError(`no image given\n\n${CAPTION_USAGE}`);
  if (!values.model) throw new UsageError(`--model is required\n\n${CAPTION_USAGE}`);
  const format = values.format as CaptionArguments['format'];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const precision = values.precision as Precision | undefined;
  if (precision !== undefined && !PRECISIONS.includes(precision)) throw new UsageError(`--precision must be ${PRECISIONS.join(', ')}, not '${values.precision}'`);
  const generation: GenerationOptions = {
    prompt: values.prompt,
    numBeams: integer(values.beams, '--beams', 1),
    minLength: integer(values['min-length'], '--min-length', 0),
    maxLength: integer(values['max-length'], '--max-length', 1),
    repetitionPenalty: number(values['repetition-penalty'], '--repetition-penalty'),
    lengthPenalty: number(values['length-penalty'], '--length-penalty'),
  };
  for (const key of Object.keys(generation) as (keyof GenerationOptions)[]) if (generation[key] === undefined) delete generation[key];
  return {
    images: positionals,
    model: values.model,
    format,
    generation,
    cacheDir: values['cache-dir'],
    precision,
    trailingPeriod: values['trailing-period'] ?? false,
    threads: integer(values.threads, '--threads', 1),
  };
}

function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min) throw new UsageError(`${flag} must be an integer of at least ${min}, not '${value}'`);
  return n;
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number, not '${value}'`);
  return n;
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}
