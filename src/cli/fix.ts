import { planEdit, realPathOf, type DistinctImage } from '../fix';
import { FIX_DECODING_DEFAULTS } from '../inference/generation/request';
import type { CaptionWorker } from '../inference/worker/captionWorker';
import { isFinding } from '../markdown';
import {
  CAPTION_OPTIONS,
  captionOptionsHelp,
  checkModelFolder,
  readCaptionOptions,
  startCaptionWorker,
  type CaptionArguments,
} from './captionOptions';
import { checkDocument, relativeToCwd } from './checkDocuments';
import { confirm } from './confirm';
import { ExitCode, parseCommandLine, UsageError } from './errors';
import { captionItems, fixItem, markUncaptionable, readItems, type FixItem } from './fixImages';
import { jsonFixReport, planLines, statusOf, summaryLine, type FixOutcome } from './fixReport';
import { projectDocuments, type DocumentArguments } from './projectSetup';
import { writeIfUnchanged } from './writeIfUnchanged';

export const FIX_USAGE = `usage: local-alt-text fix [paths...] --model <dir|hub:ID[@REV]> [options]

Finds the images whose alt text is missing or a placeholder, as check does, captions each distinct
picture once with BLIP on this machine, and writes the captions as alt text. Only image files are
captioned: remote and inline data: images are listed and left as they are. A document that changes
while fix runs is left untouched.

  paths                     files and folders, walked as check walks them (default: the current folder)
  --include GLOB            only files matching GLOB; may be given more than once; relative to the
                            current folder, and a glob without a slash matches file names anywhere
  --exclude GLOB            leave out files matching GLOB; may be given more than once
  --root DIR                the project root: no image outside it is read (default: each path's git
                            top level, else the path itself)
  --allow-outside           read images outside the project root too
  --site-root DIR           a folder for root-relative sources (/img/a.png); may be given more than once
  --config FILE             the project configuration (default: the nearest .localalttext.* above)
  --yes, -y                 write without asking; needed when stdin is not a terminal
  --dry-run                 list what would change and write nothing
  --format text|json        text: one line per image, "old" -> "new"; json: see docs/cli.md (default text)
${captionOptionsHelp({ beams: 'default 3, as in the extension', maxLength: 'default 30' })}

Exit code: 0 when every image that lacked alt text got it (or none lacked it), 1 when some still
lack it, 2 on a usage error, a missing or unusable model, or a document that could not be read (the
others are still fixed).`;

const FORMATS = ['text', 'json'] as const;

/** Where the command runs and talks, replaceable in tests. */
export interface FixCommandIo {
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Starts the captioner; by default the worker threads on the --model given. Tests count its reads and requests. */
  startWorker?: (options: FixArguments) => Promise<Pick<CaptionWorker, 'caption' | 'dispose'>>;
}

export interface FixArguments extends CaptionArguments, DocumentArguments {
  allowOutside: boolean;
  yes: boolean;
  dryRun: boolean;
  format: (typeof FORMATS)[number];
}

/** A document with images to fix, and its text as it was scanned. */
interface FixDocument {
  file: string;
  text: string;
  items: FixItem[];
}

/**
 * `local-alt-text fix`: the workspace fix for the command line. Scans as check does, captions each
 * distinct picture once, then writes each document whose text is still what was scanned.
 */
export async function fix(args: string[], io: FixCommandIo = processIo()): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(FIX_USAGE + '\n');
    return ExitCode.ok;
  }
  const options = parse(args);
  if (!options.yes && !options.dryRun && !io.stdin.isTTY) {
    throw new UsageError(
      'fix writes alt text into your files; with no terminal to ask on, pass --yes to write them, or --dry-run to list the changes',
    );
  }
  // Before any scanning or captioning: a mistyped folder should not cost a scan.
  await checkModelFolder(options.model);
  const warn = (message: string): void => void io.stderr.write(`local-alt-text fix: ${message}\n`);

  const scan = scanForFindings(options, io.cwd, warn);
  const items = scan.documents.flatMap((document) => document.items);
  markUncaptionable(items, io.cwd);
  const distinct = await readItems(items, options.model.maxImageBytes);
  if (distinct.length) await caption(distinct, options, io);
  planEdits(scan.documents);

  const outcome: FixOutcome = { dryRun: options.dryRun, files: scan.files, images: scan.images, captioned: distinct.length, items };
  if (options.format === 'text') io.stdout.write(planLines(items, io.cwd));
  const ready = scan.documents.filter((document) => document.items.some((item) => item.edit));
  if (ready.length && !options.dryRun) {
    const count = ready.reduce((n, document) => n + document.items.filter((item) => item.edit).length, 0);
    const go =
      options.yes ||
      (await confirm(
        `Write alt text for ${count} image${count === 1 ? '' : 's'} in ${ready.length} file${ready.length === 1 ? '' : 's'}? [y/N] `,
        io.stdin,
        io.stderr,
      ));
    if (go) {
      await writeDocuments(ready, io.cwd, warn);
    } else {
      for (const item of items) if (item.edit) item.problem = 'not confirmed';
      warn('nothing was written');
    }
  }

  io.stdout.write(options.format === 'json' ? JSON.stringify(jsonFixReport(outcome, io.cwd), null, 2) + '\n' : summaryLine(outcome) + '\n');
  // A document that could not be read was not fixed: CI must not pass on it.
  if (scan.unreadable) return ExitCode.error;
  // A document too complex to scan may hold images without alt text that nothing fixed.
  if (scan.tooComplex > 0) return ExitCode.findings;
  return items.every((item) => statusOf(item, options.dryRun) !== 'not-written') ? ExitCode.ok : ExitCode.findings;
}

function processIo(): FixCommandIo {
  return { cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Reads and scans the documents as check does, keeping the text of those with images to fix. */
function scanForFindings(
  options: FixArguments,
  cwd: string,
  warn: (message: string) => void,
): { files: number; images: number; unreadable: number; documents: FixDocument[]; tooComplex: number } {
  const { workspaceRoots, setup, files } = projectDocuments(options, cwd, warn);
  for (const warning of setup.project.warnings()) warn(warning);
  const result = { files: 0, images: 0, unreadable: 0, documents: [] as FixDocument[], tooComplex: 0 };
  // A document reached twice through a symbolic link is one file: fixed once. It is read and
  // written where the link leads (inside the project: the walk takes no other), so that nothing is
  // ever written through a link.
  const seen = new Set<string>();
  for (const file of files.map(realPathOf)) {
    if (seen.has(file)) continue;
    seen.add(file);
    const checked = checkDocument(file, { cwd, workspaceRoots, allowOutside: options.allowOutside, project: setup.project });
    if (!checked) continue;
    for (const warning of checked.warnings) warn(warning);
    if (checked.error) {
      warn(checked.error);
      result.unreadable++;
    }
    if (checked.tooComplex) result.tooComplex++;
    if (checked.text === undefined) continue;
    result.files++;
    result.images += checked.images.length;
    const items = checked.images.filter((image) => isFinding(image.ref)).map(fixItem);
    if (items.length) result.documents.push({ file, text: checked.text, items });
  }
  return result;
}

async function caption(distinct: DistinctImage<FixItem>[], options: FixArguments, io: FixCommandIo): Promise<void> {
  const worker = await (io.startWorker ?? ((o: FixArguments) => startCaptionWorker(o.model, io)))(options);
  const total = distinct.length;
  const images = `${total} distinct image${total === 1 ? '' : 's'}`;
  // A terminal gets a counter that updates in place; a log gets one line.
  if (io.stderr.isTTY) io.stderr.write(`Captioning 0/${images}`);
  else io.stderr.write(`Captioning ${images}...\n`);
  try {
    await captionItems(worker, distinct, options.request, (done) => {
      if (io.stderr.isTTY) io.stderr.write(`\r\x1b[KCaptioning ${done}/${images}`);
    });
  } finally {
    if (io.stderr.isTTY) io.stderr.write('\n');
    await worker.dispose();
  }
}

/** The edit for every captioned image, against the text as it was scanned. */
function planEdits(documents: readonly FixDocument[]): void {
  for (const document of documents) {
    for (const item of document.items) {
      if (item.problem || item.caption === undefined) continue;
      const planned = planEdit(document.text, item.image, item.caption);
      if ('edit' in planned) item.edit = planned.edit;
      else item.problem = planned.problem;
    }
  }
}

async function writeDocuments(documents: readonly FixDocument[], cwd: string, warn: (message: string) => void): Promise<void> {
  for (const document of documents) {
    const ready = document.items.filter((item) => item.edit);
    let reason: string | undefined;
    try {
      const outcome = await writeIfUnchanged(
        document.file,
        document.text,
        ready.map((item) => item.edit!),
      );
      if (!outcome.written) reason = outcome.reason;
    } catch (err) {
      reason = `cannot be written: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (reason) warn(`${relativeToCwd(document.file, cwd)}: ${reason}`);
    for (const item of ready) {
      if (reason) item.problem = reason;
      else item.written = true;
    }
  }
}

function parse(args: string[]): FixArguments {
  const { values, positionals } = parseCommandLine(
    {
      args,
      allowPositionals: true,
      options: {
        ...CAPTION_OPTIONS,
        include: { type: 'string', multiple: true, default: [] },
        exclude: { type: 'string', multiple: true, default: [] },
        root: { type: 'string' },
        'allow-outside': { type: 'boolean', default: false },
        'site-root': { type: 'string', multiple: true, default: [] },
        config: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        'dry-run': { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
      },
    },
    FIX_USAGE,
  );
  const format = values.format as FixArguments['format'];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text or json, not '${values.format}'`);
  return {
    paths: positionals.length ? positionals : ['.'],
    include: values.include,
    exclude: values.exclude,
    root: values.root,
    allowOutside: values['allow-outside'],
    siteRoots: values['site-root'],
    config: values.config,
    yes: values.yes,
    dryRun: values['dry-run'],
    format,
    ...readCaptionOptions(values, FIX_USAGE, FIX_DECODING_DEFAULTS),
  };
}
