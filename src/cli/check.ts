import { promises as fs } from 'node:fs';
import { isFinding } from '../markdown';
import { DEFAULT_MAX_IMAGE_BYTES } from '../inference/regularFile';
import { DEFAULT_MATCH_THRESHOLD, isMatchThreshold } from '../rules/mismatchedAlt';
import { filesChangedSince, keepChanged } from './changedFiles';
import { checkDocuments, relativeToCwd } from './checkDocuments';
import { ExitCode, UsageError, withUsageErrors } from './errors';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { projectSetup } from './projectSetup';
import { verifyAlt } from './verifyAlt';
import { collectDocuments, projectRoots } from '../fix';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const CHECK_USAGE = `usage: local-alt-text check [paths...] [--format text|json|sarif] [--include GLOB] [--exclude GLOB]
    [--root DIR] [--allow-outside] [--site-root DIR] [--config FILE] [--changed-since REF]
    [--verify-alt --match-model DIR|hub:ID[@REV] [--match-threshold P] [--cache-dir DIR]]

Scans Markdown (.md, .markdown, .qmd), MDX (.mdx), HTML (.html, .htm) and AsciiDoc (.adoc) files for
images whose alt text is missing or a placeholder. Folders are walked honouring .gitignore; the
default path is the current folder. --include and --exclude may be given more than once; globs are
relative to the current folder, and a glob without a slash matches file names anywhere. Images are
looked for only inside the project root: each path's git top level (else the path itself), or
--root DIR; --allow-outside lets images outside it count as found.

The site generator (Jekyll, Hugo, Docusaurus, MkDocs, VitePress, Quarto) is read from its
configuration to find where images are served from. --site-root DIR (repeatable) names a folder for
root-relative sources (/img/a.png), tried first. --config FILE reads a project configuration; without
it, the nearest .localalttext.jsonc/.json/.yaml/.yml at or above the current folder is read.

--changed-since REF checks only the files that differ from the git ref REF (a branch, tag or
commit): those changed in commits since the merge base with REF, staged, unstaged or untracked
(not ignored). For pull requests: --changed-since origin/main.

--verify-alt scores the alt text of every image that has some against the picture, with BLIP
image-text matching on this machine (--match-model: a BlipForImageTextRetrieval checkpoint folder, a
converted pack, or hub:OWNER/NAME[@REV], e.g. hub:Salesforce/blip-itm-base-coco, downloaded once into
the cache), and reports mismatched-alt, a warning, where the probability of match is below
--match-threshold (default: the project configuration's verifyAlt.threshold, else ${DEFAULT_MATCH_THRESHOLD}). Only image
files are scored: remote and inline images are listed as not scored. --cache-dir DIR: the model
cache (default: $LOCAL_ALT_TEXT_CACHE, else the user's cache folder).

Exit code: 0 when no image lacks useful alt text, 1 when some do, 2 on a usage or internal error or
when a document could not be read or is too large or too complex to scan (each named on stderr; the
other files are still checked). A mismatched-alt warning alone does not make it 1.`;

interface CheckArguments {
  paths: string[];
  format: Format;
  include: string[];
  exclude: string[];
  root?: string;
  allowOutside: boolean;
  siteRoots: string[];
  config?: string;
  changedSince?: string;
  verifyAlt: boolean;
  matchModel?: string;
  matchThreshold?: number;
  cacheDir?: string;
  help: boolean;
}

/** `local-alt-text check`: reports images without useful alt text and exits non-zero if there are any. */
export async function check(args: string[]): Promise<number> {
  const options = parseArguments(args);
  if (options.help) {
    process.stdout.write(CHECK_USAGE + '\n');
    return ExitCode.ok;
  }
  // Before any scanning: a mistyped model folder should not cost a scan.
  if (options.matchModel !== undefined && !options.matchModel.startsWith('hub:') && !(await isDirectory(options.matchModel)))
    throw new UsageError(`--match-model ${options.matchModel}: no such folder`);
  const cwd = process.cwd();
  const warn = (message: string): void => void process.stderr.write(`local-alt-text check: ${message}\n`);
  const workspaceRoots = projectRoots(options.paths, cwd, options.root);
  const setup = projectSetup(options, cwd, workspaceRoots);
  let files = withUsageErrors(() =>
    collectDocuments(options.paths, {
      cwd,
      include: [...options.include, ...setup.include],
      exclude: [...options.exclude, ...setup.exclude],
      warn,
      root: options.root,
    }),
  );
  if (options.changedSince !== undefined) {
    const all = files.length;
    files = keepChanged(files, filesChangedSince(options.changedSince, cwd));
    warn(`${files.length} of ${all} ${all === 1 ? 'document' : 'documents'} changed since ${options.changedSince}`);
  }
  const result = checkDocuments(files, { cwd, workspaceRoots, allowOutside: options.allowOutside, project: setup.project });
  for (const warning of [...setup.project.warnings(), ...result.warnings]) warn(warning);
  for (const error of result.errors) warn(error);
  if (options.verifyAlt) {
    const threshold = options.matchThreshold ?? setup.config?.verifyAlt.threshold ?? DEFAULT_MATCH_THRESHOLD;
    const { verified, problems } = await verifyAlt(
      result.images,
      { model: options.matchModel!, threshold, cacheDir: options.cacheDir, maxImageBytes: DEFAULT_MAX_IMAGE_BYTES },
      cwd,
      { stdout: process.stderr, stderr: process.stderr },
    );
    for (const [image, outcome] of verified) {
      image.match = outcome;
      if ('notScored' in outcome)
        warn(`${relativeToCwd(image.file, cwd)}:${image.start.line}:${image.start.column}: alt text not verified: ${outcome.notScored}`);
    }
    for (const [image, problem] of problems) image.problems = [...(image.problems ?? []), problem];
  }

  const format = { text: formatText, json: formatJson, sarif: formatSarif }[options.format];
  await writeOut(format(result, cwd));
  // A document that could not be read or scanned was not checked: CI must not pass on it.
  if (result.errors.length || result.tooComplex > 0) return ExitCode.error;
  const failing = result.images.some((image) => isFinding(image.ref) || image.problems?.some((p) => p.severity === 'error'));
  return failing ? ExitCode.findings : ExitCode.ok;
}

function parseArguments(args: string[]): CheckArguments {
  const parsed: CheckArguments = {
    paths: [],
    format: 'text',
    include: [],
    exclude: [],
    allowOutside: false,
    siteRoots: [],
    verifyAlt: false,
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.paths.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (arg === '--allow-outside') {
      parsed.allowOutside = true;
      continue;
    }
    if (arg === '--verify-alt') {
      parsed.verifyAlt = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      parsed.paths.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (!VALUE_OPTIONS.includes(name)) throw new UsageError(`unknown option ${name}\n\n${CHECK_USAGE}`);
    const value = equals < 0 ? args[++i] : arg.slice(equals + 1);
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--format') {
      if (!(FORMATS as readonly string[]).includes(value))
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${value}'`);
      parsed.format = value as Format;
    } else if (name === '--root') {
      parsed.root = value;
    } else if (name === '--site-root') {
      parsed.siteRoots.push(value);
    } else if (name === '--config') {
      parsed.config = value;
    } else if (name === '--match-model') {
      parsed.matchModel = value;
    } else if (name === '--match-threshold') {
      const threshold = Number(value);
      if (!/^\s*[0-9.eE+-]+\s*$/.test(value) || !isMatchThreshold(threshold))
        throw new UsageError(`--match-threshold must be a probability from 0 to 1, not '${value}'`);
      parsed.matchThreshold = threshold;
    } else if (name === '--cache-dir') {
      parsed.cacheDir = value;
    } else if (name === '--changed-since') {
      if (parsed.changedSince !== undefined) throw new UsageError('--changed-since may be given once');
      parsed.changedSince = value;
    } else {
      parsed[name === '--include' ? 'include' : 'exclude'].push(value);
    }
  }
  if (parsed.paths.length === 0) parsed.paths.push('.');
  if (parsed.verifyAlt && parsed.matchModel === undefined)
    throw new UsageError(
      '--verify-alt needs --match-model DIR or hub:OWNER/NAME (an image-text matching model, e.g. hub:Salesforce/blip-itm-base-coco)',
    );
  if (!parsed.verifyAlt) {
    const given = ['--match-model', '--match-threshold', '--cache-dir'].filter((flag) =>
      args.some((arg) => arg === flag || arg.startsWith(`${flag}=`)),
    );
    if (given.length) throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} only used with --verify-alt`);
  }
  return parsed;
}

const VALUE_OPTIONS = [
  '--format',
  '--include',
  '--exclude',
  '--root',
  '--site-root',
  '--config',
  '--changed-since',
  '--match-model',
  '--match-threshold',
  '--cache-dir',
];

async function isDirectory(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

// Waits until the output is handed to the OS, so that a large report is whole when the process exits.
function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
