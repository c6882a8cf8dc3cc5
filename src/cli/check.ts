import { promises as fs } from 'node:fs';
import { DEFAULT_MAX_IMAGE_BYTES } from '../inference/regularFile';
import { ruleConfig } from '../rules';
import { DEFAULT_MATCH_THRESHOLD, isMatchThreshold } from '../rules/mismatchedAlt';
import { filesChangedSince, keepChanged } from './changedFiles';
import { checkDocuments, relativeToCwd } from './checkDocuments';
import { countProblems, type ProblemCounts } from './findingMessage';
import { ExitCode, UsageError } from './errors';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { projectDocuments, type DocumentArguments } from './projectSetup';
import { verifyAlt } from './verifyAlt';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const CHECK_USAGE = `usage: local-alt-text check [paths...] [--format text|json|sarif] [--include GLOB] [--exclude GLOB]
    [--root DIR] [--allow-outside] [--site-root DIR] [--config FILE] [--changed-since REF] [--max-warnings N]
    [--verify-alt --match-model DIR|hub:ID[@REV] [--match-threshold P] [--cache-dir DIR]]

Scans Markdown (.md, .markdown, .qmd), MDX (.mdx), HTML (.html, .htm) and AsciiDoc (.adoc) files for
images whose alt text is missing or does not serve readers, and reports each problem under its rule
(missing-alt, empty-alt, placeholder-alt, filename-alt, redundant-prefix, alt-too-long, duplicate-alt,
alt-repeats-text, functional-image, mismatched-alt; see docs/rules.md). Folders are walked honouring
.gitignore; the default path is the current folder. --include and --exclude may be given more than
once; globs are relative to the current folder, and a glob without a slash matches file names
anywhere. Images are looked for only inside the project root: each path's git top level (else the
path itself), or --root DIR; --allow-outside lets images outside it count as found.

The site generator (Jekyll, Hugo, Docusaurus, MkDocs, VitePress, Quarto) is read from its
configuration to find where images are served from. --site-root DIR (repeatable) names a folder for
root-relative sources (/img/a.png), tried first. --config FILE reads a project configuration; without
it, the nearest .localalttext.jsonc/.json/.yaml/.yml at or above the current folder is read. Its
"rules" turn rules off or change their severity: { "rules": { "redundant-prefix": "off" } }.

--changed-since REF checks only the files that differ from the git ref REF (a branch, tag or
commit): those changed in commits since the merge base with REF, staged, unstaged or untracked
(not ignored). For pull requests: --changed-since origin/main.

--verify-alt scores the alt text of every image that has some against the picture, with BLIP
image-text matching on this machine (--match-model: a BlipForImageTextRetrieval checkpoint folder, a
converted pack, or hub:OWNER/NAME[@REV], e.g. hub:Salesforce/blip-itm-base-coco, downloaded once into
the cache), and reports mismatched-alt (a warning unless the configuration's rules say otherwise)
where the probability of match is below --match-threshold (default: the project configuration's
verifyAlt.threshold, else ${DEFAULT_MATCH_THRESHOLD}). Only image files are scored: remote and inline images are listed as
not scored. --cache-dir DIR: the model cache (default: $LOCAL_ALT_TEXT_CACHE, else the user's cache
folder).

Exit code: 0 when no rule of severity error fired (and no more warnings than --max-warnings N
allows; -1, the default, for no limit), 1 otherwise, 2 on a usage or internal error or when a
document could not be read or is too large or too complex to scan (each named on stderr; the other
files are still checked).`;

interface CheckArguments extends DocumentArguments {
  format: Format;
  allowOutside: boolean;
  changedSince?: string;
  /** More warnings than this fail the check too (`--max-warnings N`); no limit when undefined. */
  maxWarnings?: number;
  verifyAlt: boolean;
  matchModel?: string;
  matchThreshold?: number;
  cacheDir?: string;
  help: boolean;
}

/** `local-alt-text check`: reports what the rules find in images' alt text; exits 1 on errors (and too many warnings). */
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
  const { workspaceRoots, setup, files: found } = projectDocuments(options, cwd, warn);
  let files = found;
  if (options.changedSince !== undefined) {
    const all = files.length;
    files = keepChanged(files, filesChangedSince(options.changedSince, cwd));
    warn(`${files.length} of ${all} ${all === 1 ? 'document' : 'documents'} changed since ${options.changedSince}`);
  }
  const rules = ruleConfig(setup.config?.rules);
  const result = checkDocuments(files, { cwd, workspaceRoots, allowOutside: options.allowOutside, project: setup.project, rules });
  for (const warning of [...setup.project.warnings(), ...result.warnings]) warn(warning);
  for (const error of result.errors) warn(error);
  if (options.verifyAlt) {
    const threshold = options.matchThreshold ?? setup.config?.verifyAlt.threshold ?? DEFAULT_MATCH_THRESHOLD;
    const { verified, problems } = await verifyAlt(
      result.images,
      { model: options.matchModel!, threshold, rules, cacheDir: options.cacheDir, maxImageBytes: DEFAULT_MAX_IMAGE_BYTES },
      cwd,
      { stdout: process.stderr, stderr: process.stderr },
    );
    for (const [image, outcome] of verified) {
      image.match = outcome;
      if ('notScored' in outcome)
        warn(`${relativeToCwd(image.file, cwd)}:${image.start.line}:${image.start.column}: alt text not verified: ${outcome.notScored}`);
    }
    for (const [image, problem] of problems) image.problems.push(problem);
  }

  const format = { text: formatText, json: formatJson, sarif: formatSarif }[options.format];
  await writeOut(format(result, cwd));
  // A document that could not be read or scanned was not checked: CI must not pass on it.
  if (result.errors.length || result.tooComplex > 0) return ExitCode.error;
  const counts = countProblems(result.images);
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings)
    warn(`${counts.warning} warnings, more than --max-warnings ${options.maxWarnings} allows`);
  return failed(counts, options.maxWarnings) ? ExitCode.findings : ExitCode.ok;
}

/** A check fails on any error, and on more warnings than `--max-warnings` allows; info never fails it. */
export function failed(counts: ProblemCounts, maxWarnings: number | undefined): boolean {
  return counts.error > 0 || (maxWarnings !== undefined && counts.warning > maxWarnings);
}

/** The options that take a value, each with how it goes into the arguments; one entry per option. */
const VALUE_OPTIONS: Record<string, (parsed: CheckArguments, value: string) => void> = {
  '--format': (parsed, value) => {
    if (!(FORMATS as readonly string[]).includes(value))
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${value}'`);
    parsed.format = value as Format;
  },
  '--include': (parsed, value) => void parsed.include.push(value),
  '--exclude': (parsed, value) => void parsed.exclude.push(value),
  '--root': (parsed, value) => void (parsed.root = value),
  '--site-root': (parsed, value) => void parsed.siteRoots.push(value),
  '--config': (parsed, value) => void (parsed.config = value),
  '--changed-since': (parsed, value) => {
    if (parsed.changedSince !== undefined) throw new UsageError('--changed-since may be given once');
    parsed.changedSince = value;
  },
  '--max-warnings': (parsed, value) => {
    // As ESLint and markdownlint-cli2 take it: a count, or -1 for no limit.
    if (!/^(?:-1|\d+)$/.test(value)) throw new UsageError(`--max-warnings must be a whole number (or -1 for no limit), not '${value}'`);
    parsed.maxWarnings = Number(value) < 0 ? undefined : Number(value);
  },
  '--match-model': (parsed, value) => void (parsed.matchModel = value),
  '--match-threshold': (parsed, value) => {
    const threshold = Number(value);
    if (!/^\s*[0-9.eE+-]+\s*$/.test(value) || !isMatchThreshold(threshold))
      throw new UsageError(`--match-threshold must be a probability from 0 to 1, not '${value}'`);
    parsed.matchThreshold = threshold;
  },
  '--cache-dir': (parsed, value) => void (parsed.cacheDir = value),
};

/** The options that take no value. */
const FLAG_OPTIONS: Record<string, (parsed: CheckArguments) => void> = {
  '--help': (parsed) => void (parsed.help = true),
  '-h': (parsed) => void (parsed.help = true),
  '--allow-outside': (parsed) => void (parsed.allowOutside = true),
  '--verify-alt': (parsed) => void (parsed.verifyAlt = true),
};

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
    const flag = Object.hasOwn(FLAG_OPTIONS, arg) ? FLAG_OPTIONS[arg] : undefined;
    if (flag) {
      flag(parsed);
      continue;
    }
    if (!arg.startsWith('--')) {
      parsed.paths.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const option = Object.hasOwn(VALUE_OPTIONS, name) ? VALUE_OPTIONS[name] : undefined;
    if (!option) throw new UsageError(`unknown option ${name}\n\n${CHECK_USAGE}`);
    const value = equals < 0 ? args[++i] : arg.slice(equals + 1);
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    option(parsed, value);
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

async function isDirectory(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

// Waits until the output is handed to the OS, so that a large report is whole when the process exits.
function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
