import { promises as fs } from 'node:fs';
import type { ImageTextMatcher } from '../inference/matcher';
import { modelFolderFor, unusableModel } from './captionOptions';
import { ExitCode, parseCommandLine, UsageError } from './errors';

export const MATCH_USAGE = `usage: local-alt-text match <image...> --text TEXT [--text TEXT ...] --model <dir> [options]

Scores how well each text (such as an image's alt text) describes each image, with BLIP image-text
matching (BlipForImageTextRetrieval, e.g. Salesforce/blip-itm-base-coco), on this machine.

  --text TEXT               a text to score; repeat for several (every image x every text)
  --model DIR               a BLIP image-text matching checkpoint folder (converted into the cache on
                            first use), a converted pack, or hub:OWNER/NAME[@REVISION] (downloaded)
  --format text|json        json: {"results": [{"image", "text", "itm", "cosine"}, ...]} (default text)
  --cache-dir DIR           cache folder (default: $LOCAL_ALT_TEXT_CACHE, else the user's cache folder)
  --threads N               threads per operator (default: one per physical core)

itm is the probability that the text matches the image (the ITM head); cosine is the similarity of
the image and text features (ITC), from -1 to 1. Texts are cut to 35 tokens, as BLIP does.

Exit code: 0 when every image was scored, 2 on a missing or unusable model or image.`;

const FORMATS = ['text', 'json'] as const;

/** I/O the command uses, replaceable in tests. */
export interface MatchCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const processIo: MatchCommandIo = { stdout: process.stdout, stderr: process.stderr };

interface MatchArguments {
  images: string[];
  texts: string[];
  model: string;
  format: (typeof FORMATS)[number];
  cacheDir?: string;
  threads?: number;
}

export interface MatchResult {
  image: string;
  text: string;
  itm: number;
  cosine: number;
}

/** `local-alt-text match`: image-text matching scores for every image x text pair. */
export async function match(args: string[], io: MatchCommandIo = processIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(MATCH_USAGE + '\n');
    return ExitCode.ok;
  }
  const options = parse(args);
  // Every image is checked before the model loads: a typo should not cost a model load.
  const missing = (await Promise.all(options.images.map(async (image) => ((await isFile(image)) ? undefined : image)))).filter(
    (i) => i !== undefined,
  );
  if (missing.length) throw new UsageError(missing.map((image) => `${image}: no such file`).join('\n'));

  const matcher = await loadMatcher(options, io);
  const results: MatchResult[] = [];
  let failed = false;
  try {
    for (const image of options.images) {
      try {
        const scores = await matcher.score(image, options.texts);
        for (const s of scores) {
          results.push({ image, text: s.text, itm: s.itm, cosine: s.cosine });
          if (options.format === 'text')
            io.stdout.write(`${image}\titm ${s.itm.toFixed(4)}\tcosine ${s.cosine.toFixed(4)}\t${JSON.stringify(s.text)}\n`);
        }
      } catch (err) {
        failed = true;
        io.stderr.write(`local-alt-text match: ${image}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  } finally {
    await matcher.dispose();
  }
  if (options.format === 'json') io.stdout.write(JSON.stringify({ results }, null, 2) + '\n');
  return failed ? ExitCode.error : ExitCode.ok;
}

/** A hub model is downloaded first (progress on stderr), a checkpoint folder converted into the cache on first use. */
async function loadMatcher(options: MatchArguments, io: MatchCommandIo): Promise<ImageTextMatcher> {
  const { ImageTextMatcher } = await import('../inference/matcher');
  const modelDir = await modelFolderFor(options.model, { cacheDir: options.cacheDir }, io);
  try {
    return await ImageTextMatcher.load(modelDir, { cacheDir: options.cacheDir, intraOpThreads: options.threads });
  } catch (err) {
    throw unusableModel(options.model, err);
  }
}

function parse(args: string[]): MatchArguments {
  const { values, positionals } = parseCommandLine(
    {
      args,
      allowPositionals: true,
      options: {
        text: { type: 'string', multiple: true },
        model: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'cache-dir': { type: 'string' },
        threads: { type: 'string' },
      },
    },
    MATCH_USAGE,
  );
  if (positionals.length === 0) throw new UsageError(`no image given\n\n${MATCH_USAGE}`);
  if (!values.text?.length) throw new UsageError(`--text is required (once per text to score)\n\n${MATCH_USAGE}`);
  if (!values.model) throw new UsageError(`--model is required\n\n${MATCH_USAGE}`);
  const format = values.format as MatchArguments['format'];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text or json, not '${values.format}'`);
  let threads: number | undefined;
  if (values.threads !== undefined) {
    threads = Number(values.threads);
    if (!/^\d+$/.test(values.threads.trim()) || threads < 1)
      throw new UsageError(`--threads must be an integer of at least 1, not '${values.threads}'`);
  }
  return { images: positionals, texts: values.text, model: values.model, format, cacheDir: values['cache-dir'], threads };
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}
