import { isFinding } from '../markdown';
import { checkDocuments } from './checkDocuments';
import { ExitCode, UsageError } from './errors';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { collectDocuments, projectRoots } from './walk';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const CHECK_USAGE = `usage: local-alt-text check [paths...] [--format text|json|sarif] [--include GLOB] [--exclude GLOB]

Scans Markdown (.md, .markdown), MDX (.mdx) and HTML (.html, .htm) files for images whose alt text
is missing or a placeholder. Folders are walked honouring .gitignore; the default path is the
current folder. --include and --exclude may be given more than once; globs are relative to the
current folder, and a glob without a slash matches file names anywhere.

Exit code: 0 when no image lacks useful alt text, 1 when some do, 2 on a usage or internal error or
when a document is too large or too complex to scan (named on stderr; the other files are checked).`;

interface CheckArguments {
  paths: string[];
  format: Format;
  include: string[];
  exclude: string[];
  help: boolean;
}

/** `local-alt-text check`: reports images without useful alt text and exits non-zero if there are any. */
export async function check(args: string[]): Promise<number> {
  const options = parseArguments(args);
  if (options.help) {
    process.stdout.write(CHECK_USAGE + '\n');
    return ExitCode.ok;
  }
  const cwd = process.cwd();
  const warn = (message: string): void => void process.stderr.write(`local-alt-text check: ${message}\n`);
  const files = collectDocuments(options.paths, { cwd, include: options.include, exclude: options.exclude, warn });
  const result = checkDocuments(files, { cwd, workspaceRoots: projectRoots(options.paths, cwd) });
  for (const warning of result.warnings) warn(warning);

  const format = { text: formatText, json: formatJson, sarif: formatSarif }[options.format];
  await writeOut(format(result, cwd));
  // A document that could not be scanned was not checked: the run must not pass on it.
  if (result.tooComplex > 0) return ExitCode.error;
  return result.images.some((image) => isFinding(image.ref)) ? ExitCode.findings : ExitCode.ok;
}

function parseArguments(args: string[]): CheckArguments {
  const parsed: CheckArguments = { paths: [], format: 'text', include: [], exclude: [], help: false };
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
    if (!arg.startsWith('--')) {
      parsed.paths.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (name !== '--format' && name !== '--include' && name !== '--exclude') throw new UsageError(`unknown option ${name}\n\n${CHECK_USAGE}`);
    const value = equals < 0 ? args[++i] : arg.slice(equals + 1);
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--format') {
      if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${value}'`);
      parsed.format = value as Format;
    } else {
      parsed[name === '--include' ? 'include' : 'exclude'].push(value);
    }
  }
  if (parsed.paths.length === 0) parsed.paths.push('.');
  return parsed;
}

// Waits until the output is handed to the OS, so that a large report is whole when the process exits.
function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
