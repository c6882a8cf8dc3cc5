/**
 * Scanning speed against markdownlint's MD045 (images without alt text) on the same files, in the
 * same run: a generated tree of 2,000 documentation pages, plus any folder given on the command line.
 *
 *   npm run bench -- scan [folder] [--files N] [--rounds N] [--keep]
 *
 * The machine may be busy with other work, so the two tools take turns for a few rounds and each
 * keeps its best round, by wall clock and by CPU time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkDocuments } from '../../src/cli/checkDocuments';
import { isFinding } from '../../src/markdown';
import { seededRandom } from '../../test/unit/markdown/support/generateDocument';
import { option } from './args';

interface Corpus {
  name: string;
  /** Folder holding the files, with no markdownlint configuration of its own. */
  root: string;
  files: string[];
  bytes: number;
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
  findings: number;
}

export async function run(args: string[]): Promise<void> {
  const fileCount = Number(option(args, '--files') ?? 2000);
  const rounds = Number(option(args, '--rounds') ?? 3);
  const keep = args.includes('--keep');
  const given = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--files' && args[i - 1] !== '--rounds');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'alt-text-bench-'));
  try {
    const corpora = [generatedCorpus(path.join(work, 'generated'), fileCount)];
    for (const folder of given) corpora.push(copiedCorpus(path.resolve(folder), path.join(work, `given-${corpora.length}`)));
    // markdownlint-cli2 ships no type declarations; its main() is described by MarkdownlintMain.
    const markdownlintModule: string = 'markdownlint-cli2';
    const { main: markdownlint } = (await import(markdownlintModule)) as { main: MarkdownlintMain };
    const lint = async (corpus: Corpus): Promise<Timing> => timeMarkdownlint(markdownlint, corpus);

    // One small round each first, so that neither pays for loading and JIT warm-up in the timing.
    const warmup = { ...corpora[0], files: corpora[0].files.slice(0, 100) };
    timeOurs(warmup);
    await lint(warmup);

    for (const corpus of corpora) {
      let ours: Timing | undefined;
      let theirs: Timing | undefined;
      for (let round = 0; round < rounds; round++) {
        ours = best(ours, timeOurs(corpus));
        theirs = best(theirs, await lint(corpus));
      }
      report(corpus, ours!, theirs!, rounds);
    }
    if (keep) process.stdout.write(`files kept in ${work}\n`);
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Our whole `check` path: read, scan, judge and resolve every image of every file. */
function timeOurs(corpus: Corpus): Timing {
  const clock = startClock();
  const result = checkDocuments(corpus.files, { cwd: corpus.root, workspaceRoots: [corpus.root] });
  return { ...clock.stop(), findings: result.images.filter((image) => isFinding(image.ref)).length };
}

function startClock(): { stop(): { seconds: number; cpuSeconds: number } } {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return {
    stop() {
      const used = process.cpuUsage(cpu);
      return { seconds: Number(process.hrtime.bigint() - wall) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
    },
  };
}

function best(a: Timing | undefined, b: Timing): Timing {
  return a ? { seconds: Math.min(a.seconds, b.seconds), cpuSeconds: Math.min(a.cpuSeconds, b.cpuSeconds), findings: b.findings } : b;
}

type MarkdownlintMain = (params: {
  directory: string;
  argv: string[];
  optionsOverride: object;
  logMessage: (message: string) => void;
  logError: (message: string) => void;
}) => Promise<number>;

async function timeMarkdownlint(main: MarkdownlintMain, corpus: Corpus): Promise<Timing> {
  let findings = 0;
  const clock = startClock();
  await main({
    directory: corpus.root,
    // Literal paths (":" prefix), so that both tools read exactly the same files.
    argv: corpus.files.map((file) => ':' + path.relative(corpus.root, file).split(path.sep).join('/')),
    optionsOverride: { config: { default: false, MD045: true } },
    logMessage: () => undefined,
    logError: (message) => {
      if (message.includes('MD045')) findings++;
    },
  });
  return { ...clock.stop(), findings };
}

function report(corpus: Corpus, ours: Timing, theirs: Timing, rounds: number): void {
  const n = corpus.files.length;
  const line = (name: string, t: Timing, what: string) =>
    `  ${name.padEnd(24)} ${(n / t.seconds).toFixed(0).padStart(6)} files/s wall, ${(n / t.cpuSeconds).toFixed(0).padStart(6)} files/s CPU  (${t.seconds.toFixed(2)} s; ${t.findings} ${what})`;
  const lines = [
    `corpus: ${corpus.name}: ${n} Markdown files, ${(corpus.bytes / 1e6).toFixed(2)} MB; best of ${rounds} rounds`,
    line('local-alt-text check', ours, 'images missing or placeholder alt'),
    line('markdownlint-cli2 MD045', theirs, 'MD045 reports'),
    `  ratio ours / markdownlint: ${(theirs.seconds / ours.seconds).toFixed(2)} wall, ${(theirs.cpuSeconds / ours.cpuSeconds).toFixed(2)} CPU`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

function copiedCorpus(folder: string, into: string): Corpus {
  // Every Markdown file under the folder, ignored by git or not (a folder of installed packages is a
  // fine corpus of real READMEs). Copies carry no markdownlint configuration, so markdownlint runs
  // MD045 and nothing else.
  const files = markdownFilesUnder(folder).map((file) => {
    const copy = path.join(into, path.relative(folder, file));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(file, copy);
    return copy;
  });
  return { name: folder, root: into, files, bytes: totalBytes(files) };
}

function markdownFilesUnder(folder: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '.git') visit(full);
      else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) found.push(full);
    }
  };
  visit(folder);
  return found;
}

function generatedCorpus(root: string, count: number): Corpus {
  const random = seededRandom(2024);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(root, `section-${i % 20}`, `topic-${Math.floor(i / 20) % 10}`, `page-${i}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, documentationPage(random, i));
    files.push(file);
  }
  return { name: `generated (${count} pages, seed 2024)`, root, files, bytes: totalBytes(files) };
}

function totalBytes(files: string[]): number {
  return files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
}

// A page as documentation sites have them: front matter, headings, prose with links and code,
// lists, tables, code blocks, notes, and images in some paragraphs (about a quarter of pages none).
function documentationPage(random: () => number, index: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const sentence = () => {
    const words = Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(VOCABULARY));
    if (random() < 0.3)
      words.splice(
        2,
        0,
        `[${pick(VOCABULARY)} ${pick(VOCABULARY)}](../topic-${Math.floor(random() * 10)}/page-${Math.floor(random() * 2000)}.md)`,
      );
    if (random() < 0.3) words.splice(4, 0, `\`${pick(VOCABULARY)}()\``);
    if (random() < 0.2) words.splice(1, 0, `**${pick(VOCABULARY)}**`);
    const text = words.join(' ');
    return text[0].toUpperCase() + text.slice(1) + '.';
  };
  const paragraph = () => Array.from({ length: 2 + Math.floor(random() * 4) }, sentence).join(' ');
  const withImages = random() > 0.25;
  const image = () => {
    const alt = pick(['', 'Architecture overview', 'screenshot', 'IMG_2041', 'The settings dialog with dark mode enabled', 'diagram']);
    const src = `${pick(['./img/', '../assets/', '/img/', 'https://example.com/'])}${pick(VOCABULARY)}-${Math.floor(random() * 99)}.png`;
    return random() < 0.15 ? `<img src="${src}" alt="${alt}" width="600">` : `![${alt}](${src})`;
  };
  const blocks: string[] = [`---\ntitle: Page ${index}\nsidebar_position: ${index % 10}\n---`, `# ${sentence().slice(0, -1)}`, paragraph()];
  const blockCount = 6 + Math.floor(random() * 14);
  for (let b = 0; b < blockCount; b++) {
    const kind = Math.floor(random() * 10);
    if (kind === 0) blocks.push(`## ${sentence().slice(0, -1)}`);
    else if (kind === 1) blocks.push(Array.from({ length: 2 + Math.floor(random() * 4) }, () => `- ${sentence()}`).join('\n'));
    else if (kind === 2)
      blocks.push(
        '```ts\n' +
          Array.from(
            { length: 3 + Math.floor(random() * 8) },
            () => `const ${pick(VOCABULARY)} = ${pick(VOCABULARY)}(${Math.floor(random() * 100)});`,
          ).join('\n') +
          '\n```',
      );
    else if (kind === 3)
      blocks.push(
        `| Option | Default | Description |\n| --- | --- | --- |\n` +
          Array.from(
            { length: 2 + Math.floor(random() * 4) },
            () => `| \`${pick(VOCABULARY)}\` | ${Math.floor(random() * 10)} | ${sentence()} |`,
          ).join('\n'),
      );
    else if (kind === 4) blocks.push(`> **Note**\n> ${sentence()}`);
    else if (kind === 5 && withImages) blocks.push(`${sentence()} ${image()}`);
    else if (kind === 6 && withImages) blocks.push(image());
    else blocks.push(paragraph());
  }
  return blocks.join('\n\n') + '\n';
}

const VOCABULARY = [
  'the',
  'configuration',
  'server',
  'request',
  'client',
  'cache',
  'build',
  'deploy',
  'plugin',
  'option',
  'value',
  'returns',
  'when',
  'with',
  'every',
  'file',
  'page',
  'site',
  'theme',
  'component',
  'render',
  'markdown',
  'link',
  'image',
  'route',
  'data',
  'query',
  'token',
  'user',
  'project',
  'version',
  'release',
  'update',
  'install',
  'command',
  'output',
  'input',
  'default',
  'setting',
  'is',
  'a',
  'to',
  'of',
  'and',
  'in',
  'for',
  'on',
  'this',
  'that',
];
