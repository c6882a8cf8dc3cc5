import { promises as fs } from 'node:fs';
import type { AltTextResult } from '../inference/types';
import { CAPTION_OPTIONS, captionOptionsHelp, readCaptionOptions, startCaptionWorker, type CaptionArguments } from './captionOptions';
import { formatMB, kindOf } from '../inference/regularFile';
import { ExitCode, parseCommandLine, UsageError } from './errors';

export const CAPTION_USAGE = `usage: local-alt-text caption <image...> --model <dir> [options]

Writes a caption for each image with BLIP, on this machine.

${captionOptionsHelp({ beams: 'default 1: greedy', maxLength: 'default 20' })}
  --format text|json        json: [{"image", "ids", "text", "caption", "visibleText", "altText"}, ...]
                            (default text: the alt text, the caption with any visible text quoted)

Exit code: 0 when every image got a caption; 2 on a missing or unusable model, or when some image
could not be captioned (each of the others still gets its caption).`;

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
  // Every image is opened before the model loads: a typo should not cost a model load, and one
  // that cannot be read should not keep the others from their captions.
  const readable: string[] = [];
  let failed = false;
  for (const image of options.images) {
    const problem = await unreadable(image, options.model.maxImageBytes);
    if (problem) {
      failed = true;
      io.stderr.write(`local-alt-text caption: ${problem}\n`);
    } else {
      readable.push(image);
    }
  }
  if (readable.length === 0) return ExitCode.error;

  const worker = await startCaptionWorker(options.model, io);
  const results: ({ image: string } & Omit<AltTextResult, 'cleaned'>)[] = [];
  try {
    // All requests go in at once: the worker preprocesses the next images while one is captioned.
    // Each settles into its result or its error as soon as it is done, so that a failure while an
    // earlier image is still being captioned is never left unhandled.
    const pending = readable.map((image) =>
      worker.caption(image, options.request).then(
        (result) => ({ image, result }),
        (error: unknown) => ({ image, error }),
      ),
    );
    for (const request of pending) {
      const settled = await request;
      if ('result' in settled) {
        const { result, image } = settled;
        const { altText } = result;
        const visible = result.visibleText !== undefined ? { visibleText: result.visibleText } : {};
        results.push({ image, ids: result.ids, text: result.text, caption: result.caption, ...visible, altText });
        if (options.format === 'text') io.stdout.write(options.images.length > 1 ? `${image}: ${altText}\n` : `${altText}\n`);
      } else {
        failed = true;
        io.stderr.write(`local-alt-text caption: ${describeFailure(settled.image, settled.error)}\n`);
      }
    }
  } finally {
    await worker.dispose();
  }
  if (options.format === 'json') io.stdout.write(JSON.stringify(results, null, 2) + '\n');
  return failed ? ExitCode.error : ExitCode.ok;
}

function parse(args: string[]): CaptionCommandArguments {
  const { values, positionals } = parseCommandLine(
    { args, allowPositionals: true, options: { ...CAPTION_OPTIONS, format: { type: 'string', default: 'text' } } },
    CAPTION_USAGE,
  );
  if (positionals.length === 0) throw new UsageError(`no image given\n\n${CAPTION_USAGE}`);
  const captionArguments = readCaptionOptions(values, CAPTION_USAGE);
  const format = values.format as CaptionCommandArguments['format'];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text or json, not '${values.format}'`);
  return { images: positionals, format, ...captionArguments };
}

/** Why an image cannot be captioned before the model sees it: missing, not a regular file, too large. */
async function unreadable(image: string, maxBytes: number): Promise<string | undefined> {
  const stat = await fs.stat(image).catch(() => undefined);
  if (!stat) return `${image}: no such file`;
  if (!stat.isFile()) return `${image}: not a regular file (${kindOf(stat)})`;
  if (stat.size > maxBytes) return `${image}: ${formatMB(stat.size)}, more than the ${formatMB(maxBytes)} limit (--max-image-mb)`;
  return undefined;
}

// Decode errors already name the file; anything else gets the name in front.
function describeFailure(image: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(image) ? message : `${image}: ${message}`;
}
