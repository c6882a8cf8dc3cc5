import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { altEdit, documentKindFor, isFinding, scanDocument } from '../../src/markdown';
import { assertOnlyChanged, snapshotFolder } from './support/fileSnapshot';
import { assertCleanExit, describeRun, runCliProcess, type CliProcessRun } from './support/runCliProcess';
import { markRepository, tempFolder, writeFiles } from './support/tempFolder';
import { tinyModelArgs } from './support/tinyModel';

interface FixJsonItem {
  file: string;
  src: string;
  status: 'written' | 'would-write' | 'not-written';
  reason: string | null;
  caption: string | null;
  sha256: string | null;
}

const picture = (background: string) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background } })
    .png()
    .toBuffer();

function fixReport(run: CliProcessRun): FixJsonItem[] {
  try {
    return (JSON.parse(run.stdout) as { images: FixJsonItem[] }).images;
  } catch {
    throw new Error(`fix printed no JSON report\n${describeRun(run)}`);
  }
}

/** The document as fix must leave it: altEdit for each finding whose caption fix reports written, last first. */
function expectedText(original: string, file: string, captionOf: (src: string) => string | undefined): string {
  const refs = scanDocument(original, documentKindFor(file)!).filter((ref) => isFinding(ref) && captionOf(ref.src) !== undefined);
  let text = original;
  for (const ref of [...refs].sort((a, b) => b.range.start - a.range.start)) {
    const edit = altEdit(original, ref, captionOf(ref.src)!);
    text = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
  }
  return text;
}

describe('abuse: the CLI at its boundary', () => {
  let model: string[];
  before(async () => {
    model = await tinyModelArgs();
  });

  describe('images and documents outside the project root', () => {
    const OUTSIDE_SOURCES = ['../../private/secret-photo.png', 'img/../../../private/secret-photo.png', 'img/link-out.png'];
    let top: string;
    let guide: string;

    /** A repository `site` beside private files, with sources and links that lead out of it. */
    async function makeProject(): Promise<void> {
      top = tempFolder('abuse-boundary');
      const site = path.join(top, 'site');
      markRepository(site);
      writeFiles(top, {
        'private/secret-photo.png': await picture('#aa3300'),
        'elsewhere/notes.md': '![](notes.png)\n',
        'elsewhere/notes.png': await picture('#0033aa'),
        'site/docs/img/inside.png': await picture('#33aa00'),
        'site/docs/pages/real.md': '![](../img/inside.png)\n',
      });
      fs.symlinkSync('../../../private/secret-photo.png', path.join(site, 'docs/img/link-out.png'));
      fs.symlinkSync('../../elsewhere/notes.md', path.join(site, 'docs/linked-out.md'));
      fs.symlinkSync('pages/real.md', path.join(site, 'docs/linked-in.md'));
      guide = [
        ...OUTSIDE_SOURCES,
        `file://${path.join(top, 'private/secret-photo.png')}`,
        'img/inside.png',
        `file://${path.join(site, 'docs/img/inside.png')}`,
      ]
        .map((src) => `![](${src})\n`)
        .join('\n');
      writeFiles(site, { 'docs/guide.md': guide });
    }

    it("fix run from the folder above refuses every way out with the editor's message, follows no link out, writes through none", async () => {
      await makeProject();
      const before = snapshotFolder(top);
      const run = await runCliProcess(['fix', 'site', ...model, '--yes', '--format', 'json'], { cwd: top });
      assertCleanExit(run, [1]);
      const items = fixReport(run);
      const refused = items.filter((item) => item.status === 'not-written');
      assert.deepEqual(
        refused.map((item) => item.src),
        [...OUTSIDE_SOURCES, `file://${path.join(top, 'private/secret-photo.png')}`],
      );
      for (const item of refused) {
        assert.match(item.reason ?? '', /^the file is outside the workspace \(/, item.src);
        assert.equal(item.sha256, null, `${item.src} must not even be read`);
      }
      assert.deepEqual(
        items.filter((item) => item.status === 'written').map((item) => `${item.file} ${item.src}`),
        [
          `site/docs/guide.md img/inside.png`,
          `site/docs/guide.md file://${path.join(top, 'site/docs/img/inside.png')}`,
          'site/docs/pages/real.md ../img/inside.png',
        ],
      );
      assert.match(run.stderr, /skipped site\/docs\/linked-out\.md: it is a link to .*elsewhere\/notes\.md, outside the project/);
      // The outside document and image are untouched; links stay links; the linked document inside
      // the project was fixed where it really is.
      assertOnlyChanged(before, snapshotFolder(top), ['site/docs/guide.md', 'site/docs/pages/real.md']);
      const caption = items.find((item) => item.status === 'written')!.caption!;
      assert.equal(
        fs.readFileSync(path.join(top, 'site/docs/guide.md'), 'utf8'),
        expectedText(guide, 'guide.md', (src) => (src.endsWith('inside.png') ? caption : undefined)),
      );
    });

    it('fix --allow-outside reads them; --root widens the boundary for check', async () => {
      await makeProject();
      const run = await runCliProcess(['fix', 'site', ...model, '--yes', '--allow-outside', '--format', 'json'], { cwd: top });
      assertCleanExit(run, [0]);
      assert.ok(fixReport(run).every((item) => item.status === 'written'));
      // The linked document leading out is still not followed: --allow-outside is about images.
      assert.equal(fs.readFileSync(path.join(top, 'elsewhere/notes.md'), 'utf8'), '![](notes.png)\n');

      const exists = async (args: string[]) => {
        const checked = await runCliProcess(['check', 'site/docs/guide.md', '--format', 'json', ...args], { cwd: top });
        assertCleanExit(checked, [0, 1]);
        return (JSON.parse(checked.stdout).images as { src: string; exists: boolean }[]).map((image) => image.exists);
      };
      assert.deepEqual(await exists([]), [false, false, false, false, true, true]);
      assert.deepEqual(await exists(['--root', '.']), [true, true, true, true, true, true]);
      const missingRoot = await runCliProcess(['check', 'site', '--root', 'nowhere'], { cwd: top });
      assertCleanExit(missingRoot, [2]);
      assert.match(missingRoot.stderr, /--root nowhere: no such folder/);
    });
  });

  describe('caption with an image that fails while another is being captioned', () => {
    let dir: string;
    before(async () => {
      dir = tempFolder('abuse-caption');
      writeFiles(dir, { 'a.png': await picture('#2255cc'), 'zero.png': new Uint8Array(0) });
    });

    for (const order of [
      ['a.png', 'zero.png'],
      ['zero.png', 'a.png'],
    ]) {
      it(`caption ${order.join(' ')}: exit 2, a.png captioned, zero.png named with its error`, async () => {
        const run = await runCliProcess(['caption', ...order, ...model], { cwd: dir });
        assertCleanExit(run, [2]);
        assert.match(run.stdout, /^a\.png: \S.*\n$/);
        assert.match(run.stderr, /^local-alt-text caption: zero\.png is empty \(0 bytes\): it is not an image\n$/);
      });
    }

    it('caption of a folder, a FIFO and a missing file: each named, the model not even loaded', async () => {
      fs.mkdirSync(path.join(dir, 'folder.png'));
      execFileSync('mkfifo', [path.join(dir, 'fifo.png')]);
      const run = await runCliProcess(['caption', 'folder.png', 'fifo.png', 'missing.png', ...model], { cwd: dir });
      assertCleanExit(run, [2]);
      assert.deepEqual(run.stderr.trimEnd().split('\n'), [
        'local-alt-text caption: folder.png: not a regular file (a folder)',
        'local-alt-text caption: fifo.png: not a regular file (a named pipe)',
        'local-alt-text caption: missing.png: no such file',
      ]);
      assert.equal(run.stdout, '');
    });
  });

  describe('documents that cannot be read', () => {
    let dir: string;
    const good = '# Good\n\n![](img/a.png)\n';
    before(async () => {
      dir = tempFolder('abuse-documents');
      markRepository(dir);
      writeFiles(dir, {
        'docs/good.md': good,
        'docs/img/a.png': await picture('#cc8800'),
        'docs/latin1.md': Buffer.from('# Caf\xe9\n\n![](img/a.png)\n', 'latin1'),
        'docs/utf16.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('![](img/a.png)\n', 'utf16le')]),
        'docs/utf16be.md': Buffer.from([0xfe, 0xff, 0x00, 0x21]),
      });
      execFileSync('mkfifo', [path.join(dir, 'docs/pipe.md')]);
    });

    const expectedComplaints = (command: string) => [
      `local-alt-text ${command}: docs/latin1.md: not valid UTF-8 at byte 5; only UTF-8 documents are read; not checked`,
      `local-alt-text ${command}: docs/utf16.md: UTF-16 text (byte order mark FF FE); only UTF-8 documents are read, convert it to UTF-8; not checked`,
      `local-alt-text ${command}: docs/utf16be.md: UTF-16 text (byte order mark FE FF); only UTF-8 documents are read, convert it to UTF-8; not checked`,
      `local-alt-text ${command}: docs/pipe.md: not a regular file (a named pipe); not checked`,
    ];

    it('check names each one, checks the others, and exits 2', async () => {
      const run = await runCliProcess(['check', 'docs', 'docs/pipe.md', '--format', 'json'], { cwd: dir });
      assertCleanExit(run, [2]);
      assert.deepEqual(run.stderr.trimEnd().split('\n').sort(), expectedComplaints('check').sort());
      const report = JSON.parse(run.stdout);
      assert.equal(report.files, 1);
      assert.deepEqual(
        report.images.map((image: { file: string }) => image.file),
        ['docs/good.md'],
      );
    });

    it('fix names each one, fixes the others, exits 2 and leaves them byte for byte', async () => {
      const before = snapshotFolder(dir);
      const run = await runCliProcess(['fix', 'docs', 'docs/pipe.md', ...model, '--yes', '--format', 'json'], { cwd: dir });
      assertCleanExit(run, [2]);
      for (const complaint of expectedComplaints('fix')) assert.ok(run.stderr.includes(complaint), `${complaint}\n${describeRun(run)}`);
      const [item] = fixReport(run);
      assert.equal(item.status, 'written');
      assertOnlyChanged(before, snapshotFolder(dir), ['docs/good.md']);
      assert.equal(
        fs.readFileSync(path.join(dir, 'docs/good.md'), 'utf8'),
        expectedText(good, 'good.md', () => item.caption!),
      );
    });
  });

  describe('two fix processes at once on one folder', () => {
    it('each document ends exactly as one fix would leave it; nothing else changes, no temporary file is left', async () => {
      const dir = tempFolder('abuse-concurrent');
      markRepository(dir);
      const originals: Record<string, string> = {};
      for (let i = 0; i < 12; i++) {
        originals[`docs/page-${i}.md`] =
          `# Page ${i}\n\n![](img/${i % 3}.png) and ![IMG_100${i}](img/${(i + 1) % 3}.png)\n\n<img src="img/${(i + 2) % 3}.png">\n`;
      }
      writeFiles(dir, {
        ...originals,
        'docs/img/0.png': await picture('#ff0000'),
        'docs/img/1.png': await picture('#00ff00'),
        'docs/img/2.png': await picture('#0000ff'),
      });
      const before = snapshotFolder(dir);
      const runs = await Promise.all([0, 1].map(() => runCliProcess(['fix', '.', ...model, '--yes', '--format', 'json'], { cwd: dir })));
      const captions = new Map<string, string>();
      for (const run of runs) {
        // 1 is documented for a document that changed meanwhile (the other process wrote it).
        assertCleanExit(run, [0, 1]);
        for (const item of fixReport(run)) {
          if (item.caption === null) continue;
          const image = path.posix.join(path.posix.dirname(item.file), item.src);
          assert.ok(!captions.has(image) || captions.get(image) === item.caption, 'the same picture gets the same caption');
          captions.set(image, item.caption);
          if (item.status === 'not-written') assert.match(item.reason ?? '', /changed after it was scanned/);
        }
      }
      assertOnlyChanged(before, snapshotFolder(dir), Object.keys(originals));
      for (const [file, original] of Object.entries(originals)) {
        const expected = expectedText(original, file, (src) => captions.get(path.posix.join('docs', src)));
        assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), expected, file);
      }
    });
  });
});
