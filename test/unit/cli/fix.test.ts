import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { main } from '../../../src/cli';
import { fix, type FixCommandIo } from '../../../src/cli/fix';
import { UsageError } from '../../../src/cli/errors';
import { cleanCaption } from '../../../src/inference';
import { altEdit, documentKindFor, isFinding, scanDocument } from '../../../src/markdown';
import { useCaptionWorker } from '../inference/modelHooks';
import { checkpointDir, fixtureDir, golden, modelCache } from '../inference/parity-fixtures';

const MODEL = ['--model', checkpointDir('blip-reference'), '--cache-dir', modelCache('blip-reference')];
// golden.json records greedy decoding up to 20 tokens: the reference captions for these flags.
const GREEDY = ['--beams', '1', '--max-length', '20'];
const imagePath = (name: string) => path.join(fixtureDir('blip-reference'), 'images', `${name}.png`);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it, and can pretend to be a terminal. */
class Capture extends Writable {
  text = '';
  isTTY?: boolean;
  onText?: (text: string) => void;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    this.onText?.(this.text);
    done();
  }
}

/** Runs `fix` in this process from `cwd`; a usage error is exit code 2, as the dispatcher makes it. */
async function runFix(args: string[], cwd: string, tty?: { answer: string; beforeAnswer?: () => void }): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = Object.assign(new PassThrough(), { isTTY: tty ? true : undefined });
  if (tty) {
    stderr.onText = (text) => {
      if (!text.includes('[y/N]') || stderr.onText === undefined) return;
      stderr.onText = undefined;
      tty.beforeAnswer?.();
      stdin.write(`${tty.answer}\n`);
    };
  }
  const io: FixCommandIo = { cwd, stdin, stdout, stderr };
  try {
    return { code: await fix(args, io), stdout: stdout.text, stderr: stderr.text };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return { code: 2, stdout: stdout.text, stderr: stderr.text + err.message };
  }
}

function makeProject(files: Record<string, string | Buffer>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-fix-')));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file));

/**
 * The document as fix should leave it, worked out on its own: every finding the scanner reports
 * gets altEdit with the caption of its image, applied from the last image to the first.
 */
function expectedText(original: string, file: string, captionOf: (src: string) => string): Buffer {
  const refs = scanDocument(original, documentKindFor(file)!).filter((ref) => isFinding(ref));
  let text = original;
  for (const ref of [...refs].sort((a, b) => b.range.start - a.range.start)) {
    const edit = altEdit(original, ref, captionOf(ref.src));
    text = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
  }
  return Buffer.from(text, 'utf8');
}

describe('local-alt-text fix', function () {
  const projects: string[] = [];
  const project = (files: Record<string, string | Buffer>) => {
    const root = makeProject(files);
    projects.push(root);
    return root;
  };
  after(() => projects.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  const images = () => ({
    'docs/img/astronaut.png': fs.readFileSync(imagePath('astronaut')),
    'docs/img/copy-of-astronaut.png': fs.readFileSync(imagePath('astronaut')),
    'docs/img/rocket.png': fs.readFileSync(imagePath('rocket')),
    'docs/img/chelsea.png': fs.readFileSync(imagePath('chelsea')),
  });
  let greedyCaption: (src: string) => string;
  before(async () => {
    const g = await golden('blip-reference');
    const byImage: Record<string, string> = {
      astronaut: cleanCaption(g.images.astronaut.greedy.text),
      rocket: cleanCaption(g.images.rocket.greedy.text),
      chelsea: cleanCaption(g.images.chelsea.greedy.text),
    };
    greedyCaption = (src) => byImage[path.basename(src, '.png').replace('copy-of-', '')];
  });

  describe('writing', () => {
    const documents: Record<string, string | Buffer> = {
      'docs/guide.md':
        '# Guide\n\n![](img/astronaut.png)\n\nSee ![IMG_1234](img/copy-of-astronaut.png) and ![A rocket on the pad](img/rocket.png).\n',
      'docs/windows.md': 'Line one\r\n\r\n![screenshot](img/chelsea.png)\r\n\r\n![][rocket]\r\n\r\n[rocket]: img/rocket.png\r\n',
      'docs/page.html': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('<p><img src="img/astronaut.png"></p>\r\n<p><img src="img/chelsea.png" alt="image"></p>\r\n'),
      ]),
      'docs/story.mdx': 'import { Image } from "./image";\n\n<Image src="img/rocket.png" />\n',
      'docs/clean.md': '![A cat asleep on a keyboard](img/chelsea.png)\n',
    };

    it('writes each caption with altEdit, byte for byte, captioning identical pictures once', async () => {
      const root = project({ ...images(), ...documents });
      fs.chmodSync(path.join(root, 'docs/guide.md'), 0o640);
      const run = await runFix(['docs', ...MODEL, ...GREEDY, '--yes', '--format', 'json'], root);
      assert.equal(run.code, 0, run.stderr);

      for (const [file, content] of Object.entries(documents)) {
        const original = Buffer.isBuffer(content) ? content.toString('utf8') : content;
        assert.deepEqual(read(root, file), expectedText(original, file, greedyCaption), file);
      }
      assert.deepEqual(read(root, 'docs/page.html').subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]), 'the byte order mark is kept');
      assert.equal(read(root, 'docs/windows.md').toString().split('\r\n').length, 8, 'CRLF line ends are kept');
      assert.equal(read(root, 'docs/windows.md').toString().replace(/\r\n/g, '').includes('\n'), false);
      assert.equal(fs.statSync(path.join(root, 'docs/guide.md')).mode & 0o777, 0o640, 'the file mode is kept');
      assert.deepEqual(
        read(root, 'docs/clean.md'),
        Buffer.from(documents['docs/clean.md']),
        'a document with nothing to fix is not touched',
      );
      assert.deepEqual(
        fs.readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.tmp')),
        [],
        'no temporary file is left',
      );

      const report = JSON.parse(run.stdout);
      assert.equal(report.files, 5);
      assert.equal(report.images.length, 7, 'every finding, and only the findings');
      assert.ok(report.images.every((image: { status: string }) => image.status === 'written'));
      assert.equal(report.captioned, 3, 'two files with the same bytes are one picture: astronaut, rocket, chelsea');
      const astronauts = report.images.filter((image: { src: string }) => /astronaut/.test(image.src));
      assert.equal(new Set(astronauts.map((image: { sha256: string }) => image.sha256)).size, 1);

      const again = await runFix(['docs', ...MODEL, '--yes'], root);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^No missing or placeholder alt text/m, 'a second run finds nothing to do');
      assert.doesNotMatch(again.stderr, /Captioning/, 'and loads no model');
    });

    it('--dry-run lists every change and what cannot be fixed, and writes nothing', async () => {
      const guide = '![](img/astronaut.png)\n\n![](img/missing.png) <img src="https://cdn.example.com/a.png">\n';
      const root = project({ ...images(), 'docs/guide.md': guide, 'docs/page.html': documents['docs/page.html'] });
      const before = fs.statSync(path.join(root, 'docs/guide.md')).mtimeMs;
      const run = await runFix(['docs', ...MODEL, ...GREEDY, '--dry-run'], root);
      assert.equal(run.code, 1, 'two images would still lack alt text');
      const astronaut = greedyCaption('astronaut.png');
      assert.equal(
        run.stdout,
        [
          `docs/guide.md:1:1  "" -> ${JSON.stringify(astronaut)}`,
          'docs/guide.md:3:1  not fixed: no such image file: docs/img/missing.png',
          'docs/guide.md:3:22  not fixed: a remote image is not fetched (https://cdn.example.com/a.png)',
          `docs/page.html:1:4  (no alt) -> ${JSON.stringify(astronaut)}`,
          `docs/page.html:2:4  "image" -> ${JSON.stringify(greedyCaption('chelsea.png'))}`,
          'Captioned 2 distinct images. Would write alt text for 3 images in 2 files; 2 images would still lack it. Nothing was written (--dry-run).',
          '',
        ].join('\n'),
      );
      assert.equal(read(root, 'docs/guide.md').toString(), guide);
      assert.deepEqual(read(root, 'docs/page.html'), documents['docs/page.html']);
      assert.equal(fs.statSync(path.join(root, 'docs/guide.md')).mtimeMs, before);
    });
  });

  describe('asking first', () => {
    const worker = useCaptionWorker('blip-reference');

    it('on a terminal, asks; a document changed meanwhile is left as it is, the others are written', async () => {
      // No decoding flags: the extension's settings, as the same API gives them.
      const caption = (await worker().caption(imagePath('rocket'), { numBeams: 3, maxLength: 30 })).caption;
      const root = project({ ...images(), 'docs/a.md': '![](img/rocket.png)\n', 'docs/b.md': 'Intro\n\n![](img/rocket.png)\n' });
      const edited = '![](img/rocket.png)\n\nA paragraph the writer added.\n';
      const run = await runFix(['docs', ...MODEL], root, {
        answer: 'y',
        beforeAnswer: () => fs.writeFileSync(path.join(root, 'docs/a.md'), edited),
      });
      assert.equal(run.code, 1, 'the image in a.md still lacks alt text');
      assert.match(run.stderr, /Write alt text for 2 images in 2 files\? \[y\/N\]/);
      assert.match(run.stderr, /docs\/a\.md: the file changed after it was scanned; left as it is/);
      assert.equal(read(root, 'docs/a.md').toString(), edited);
      assert.equal(read(root, 'docs/b.md').toString(), `Intro\n\n![${caption}](img/rocket.png)\n`);
    });

    it('on a terminal, writes nothing unless the answer is yes', async () => {
      const root = project({ ...images(), 'docs/a.md': '![](img/rocket.png)\n' });
      const run = await runFix(['docs', ...MODEL], root, { answer: '' });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /nothing was written/);
      assert.equal(read(root, 'docs/a.md').toString(), '![](img/rocket.png)\n');
    });

    it('without a terminal, refuses to write unless --yes or --dry-run is given', async () => {
      const root = project({ ...images(), 'docs/a.md': '![](img/rocket.png)\n' });
      const run = await runFix(['docs', ...MODEL], root);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /pass --yes to write them, or --dry-run/);
      assert.doesNotMatch(run.stderr, /Captioning/);
      assert.equal(read(root, 'docs/a.md').toString(), '![](img/rocket.png)\n');
    });
  });

  describe('usage', () => {
    it('exits 2 without --model, with a missing model folder, and on bad options', async () => {
      const root = project({ 'docs/a.md': '![](a.png)\n' });
      for (const [args, message] of [
        [['docs', '--yes'], /^--model is required\n\nusage: local-alt-text fix /],
        [['docs', '--model', path.join(root, 'no-model'), '--yes'], /^--model \S*no-model: no such folder$/],
        [['docs', ...MODEL, '--format', 'sarif'], /^--format must be text or json, not 'sarif'$/],
        [['docs', ...MODEL, '--beams', 'two'], /^--beams must be an integer of at least 1, not 'two'$/],
        [['docs', ...MODEL, '--frobnicate'], /^Unknown option '--frobnicate'[^]*\n\nusage: local-alt-text fix /],
      ] as const) {
        const run = await runFix([...args], root);
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.stderr, message, args.join(' '));
      }
    });

    it('is listed by the dispatcher and answers --help', async () => {
      const write = process.stdout.write;
      let out = '';
      process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
      try {
        assert.equal(await main(['fix', '--help']), 0);
      } finally {
        process.stdout.write = write;
      }
      assert.match(out, /usage: local-alt-text fix \[paths\.\.\.\] --model/);
      assert.match(out, /--dry-run/);
    });
  });
});
