import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { altEdit, documentKindFor, isFinding, scanDocument } from '../../src/markdown';
import { imageCases } from './support/badImages';
import { startCountingListener, type CountingListener } from './support/countingListener';
import { assertOnlyChanged, snapshotFolder, type FolderSnapshot } from './support/fileSnapshot';
import { startOpenProbe, type OpenProbe } from './support/openProbe';
import { assertCleanExit, describeRun, runCliProcess, type CliProcessRun } from './support/runCliProcess';
import { markRepository, tempFolder } from './support/tempFolder';
import { tinyModelArgs } from './support/tinyModel';

interface FixJsonItem {
  src: string;
  status: 'written' | 'would-write' | 'not-written';
  reason: string | null;
  caption: string | null;
  sha256: string | null;
}

/** A run's JSON report; undefined when it printed none (the exit-code test says why). */
function parseJson<T>(run: CliProcessRun): T | undefined {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    return undefined;
  }
}

/**
 * Every image of the bad-image corpus, named in one document and given to the three commands that
 * meet images: check (scans, reads no image), caption (named outright) and fix (run from the folder
 * above the repository). Each case must end in a caption or in a clear refusal naming the file,
 * never in a crash, a signal or a hang; no image file may change, and nothing the SVGs reference
 * (a local listener, a file behind a FIFO) may be fetched.
 */
describe('abuse: bad images through check, caption and fix', () => {
  const cases = imageCases();
  const top = tempFolder('abuse-images');
  const site = path.join(top, 'site');
  const doc = path.join(site, 'docs', 'guide.md');
  const imageFile = (name: string) => path.join(site, 'docs', 'img', name);
  let listener: CountingListener;
  let probe: OpenProbe;
  let initial: FolderSnapshot;
  let check: CliProcessRun;
  let caption: CliProcessRun;
  let afterCaption: FolderSnapshot;
  let fix: CliProcessRun;
  let fixItems: FixJsonItem[];
  let original: string;

  before(async () => {
    const model = await tinyModelArgs();
    listener = await startCountingListener();
    markRepository(site);
    fs.mkdirSync(path.dirname(imageFile('x')), { recursive: true });
    probe = startOpenProbe(imageFile('probe.fifo'));
    for (const c of cases) await c.make(imageFile(c.name), { listenerOrigin: listener.origin, probePath: probe.path });
    original = `# Bad images\n\n${cases.map((c) => `![](img/${c.name})\n`).join('\n')}`;
    fs.writeFileSync(doc, original);
    initial = snapshotFolder(top);

    check = await runCliProcess(['check', 'site', '--format', 'json'], { cwd: top });
    caption = await runCliProcess(['caption', ...cases.map((c) => imageFile(c.name)), ...model, '--format', 'json'], { cwd: top });
    afterCaption = snapshotFolder(top);
    fix = await runCliProcess(['fix', 'site', ...model, '--yes', '--format', 'json'], { cwd: top });
    fixItems = parseJson<{ images: FixJsonItem[] }>(fix)?.images ?? [];
  });

  after(async () => {
    probe?.stop();
    await listener?.close();
  });

  it('every command ends with a documented exit code: check 1 (findings), caption 2 (some refused), fix 1 (some not fixed)', () => {
    assertCleanExit(check, [1]);
    assertCleanExit(caption, [2]);
    assertCleanExit(fix, [1]);
  });

  it('nothing referenced from an SVG is fetched or opened: no connection to the listener, no open of the probe', () => {
    assert.equal(listener.connections, 0, `requests: ${listener.requests.join(', ')}`);
    assert.equal(probe.opens, 0);
  });

  it('caption changes no file; fix changes only the document, exactly by the alt text it reports', () => {
    assertOnlyChanged(initial, afterCaption, []);
    assertOnlyChanged(initial, snapshotFolder(top), ['site/docs/guide.md']);
    const captionOf = new Map(fixItems.filter((item) => item.status === 'written').map((item) => [item.src, item.caption!]));
    const refs = scanDocument(original, documentKindFor(doc)!).filter((ref) => isFinding(ref) && captionOf.has(ref.src));
    let expected = original;
    for (const ref of [...refs].sort((a, b) => b.range.start - a.range.start)) {
      const edit = altEdit(original, ref, captionOf.get(ref.src)!);
      expected = expected.slice(0, edit.range.start) + edit.newText + expected.slice(edit.range.end);
    }
    assert.equal(fs.readFileSync(doc, 'utf8'), expected);
  });

  for (const c of cases) {
    it(`${c.what} (${c.name}): ${c.expect === 'caption' ? 'captioned' : 'refused with a clear message'} by caption and fix`, () => {
      const file = imageFile(c.name);
      const checked = (parseJson<{ images: { src: string }[] }>(check)?.images ?? []).filter((image) => image.src === `img/${c.name}`);
      assert.equal(checked.length, 1, `check lists the image once\n${describeRun(check)}`);

      const captioned = (parseJson<{ image: string; caption: string }[]>(caption) ?? []).filter((r) => r.image === file);
      const complaints = caption.stderr.split('\n').filter((line) => line.includes(file));
      const item = fixItems.find((i) => i.src === `img/${c.name}`);
      assert.ok(item, `fix reports the image\n${describeRun(fix)}`);
      if (c.expect === 'caption') {
        assert.equal(captioned.length, 1, `caption captions it\n${describeRun(caption)}`);
        assert.ok(captioned[0].caption.length > 0);
        assert.deepEqual(complaints, []);
        assert.equal(item.status, 'written', `fix writes its alt text: ${item.reason}`);
        assert.ok(item.caption);
      } else {
        assert.equal(captioned.length, 0, 'caption gives no caption for it');
        assert.equal(complaints.length, 1, `caption names the file once on stderr\n${describeRun(caption)}`);
        assert.match(complaints[0], c.message!);
        assert.equal(item.status, 'not-written');
        assert.match(item.reason ?? '', c.message!);
        assert.equal(item.caption, null);
      }
    });
  }
});
