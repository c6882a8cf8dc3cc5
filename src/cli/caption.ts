import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CaptionResult } from '../inference/types';
import { CAPTION_OPTIONS, captionOptionsHelp, readCaptionOptions, startCaptionWorker, type CaptionArguments } from './captionOptions';
import { ExitCode, UsageError } from './errors';

export const CAPTION_USAGE = `usage: local-alt-text caption <image...> --model <dir> [options]

Writes a caption for each image with BLIP, on this machine.

${captionOptionsHelp({ beams: 'default 1: greedy', maxLength: 'default 20' })}
  --format text|json        json: [{"image", "ids", "text", "caption"}, ...] (default text)

Exit code: 0 when every image got a caption, 2 on a missing or unusable model or image.`;

const FORMATS = ['text', 'json'] as const;

/** I/O the command uses, replaceable in tests. */
export interface CaptionCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const processIo: CaptionCommandIo = { stdout: process.stdout, stderr: process.stderr };

interface CaptionCommandArguments extends CaptionArguments {
  images: string[];
  format: (typeof FORMATS)[number];
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

  const worker = await startCaptionWorker(options.model, io);
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

function parse(args: string[]): CaptionCommandArguments {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...CAPTION_OPTIONS, format: { type: 'string', default: 'text' } } });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${CAPTION_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError(`no image given\n\n${CAPTION_USAGE}`);
  const captionArguments = readCaptionOptions(values, CAPTION_USAGE);
  const format = values.format as CaptionCommandArguments['format'];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text or json, not '${values.format}'`);
  return { images: positionals, format, ...captionArguments };
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}
