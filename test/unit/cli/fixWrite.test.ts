import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, writeIfUnchanged } from '../../../src/cli/writeIfUnchanged';

describe('fix: writing a document', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-fix-write-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const edit = (start: number, end: number, newText: string) => ({ range: { start, end }, newText });

  it('applies edits from the last to the first, whatever order they come in', () => {
    assert.equal(applyEdits('![](a) ![](b)', [edit(2, 2, 'A'), edit(9, 9, 'B')]), '![A](a) ![B](b)');
    assert.equal(applyEdits('![](a) ![](b)', [edit(9, 9, 'B'), edit(2, 2, 'A')]), '![A](a) ![B](b)');
    assert.throws(() => applyEdits('abcdef', [edit(1, 4, 'x'), edit(3, 5, 'y')]), {
      name: 'RangeError',
      message: 'edits overlap or fall outside the text',
    });
  });

  it('replaces the file whole, keeping its mode and leaving no temporary file', async () => {
    const file = path.join(dir, 'a.md');
    fs.writeFileSync(file, '\uFEFF![](a.png)\r\n');
    fs.chmodSync(file, 0o600);
    assert.deepEqual(await writeIfUnchanged(file, '\uFEFF![](a.png)\r\n', [edit(3, 3, 'A cat')]), { written: true });
    assert.deepEqual(fs.readFileSync(file), Buffer.from('\uFEFF![A cat](a.png)\r\n', 'utf8'));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(dir), ['a.md']);
  });

  it('leaves a file that no longer holds the scanned text as it is', async () => {
    const file = path.join(dir, 'a.md');
    fs.writeFileSync(file, '![](a.png)\nedited\n');
    const outcome = await writeIfUnchanged(file, '![](a.png)\n', [edit(2, 2, 'A cat')]);
    assert.equal(outcome.written, false);
    assert.equal(fs.readFileSync(file, 'utf8'), '![](a.png)\nedited\n');
    assert.deepEqual(fs.readdirSync(dir), ['a.md']);
  });

  it('leaves a read-only file as it is', async () => {
    const file = path.join(dir, 'a.md');
    fs.writeFileSync(file, '![](a.png)\n');
    fs.chmodSync(file, 0o444);
    assert.deepEqual(await writeIfUnchanged(file, '![](a.png)\n', [edit(2, 2, 'A cat')]), {
      written: false,
      reason: 'the file is read-only; left as it is',
    });
    assert.equal(fs.readFileSync(file, 'utf8'), '![](a.png)\n');
  });

  it('never writes through a symbolic link', async () => {
    const target = path.join(dir, 'real.md');
    const link = path.join(dir, 'link.md');
    fs.writeFileSync(target, '![](a.png)\n');
    fs.symlinkSync('real.md', link);
    assert.deepEqual(await writeIfUnchanged(link, '![](a.png)\n', [edit(2, 2, 'A cat')]), {
      written: false,
      reason: 'the file is a symbolic link; nothing is written through one',
    });
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readFileSync(target, 'utf8'), '![](a.png)\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['link.md', 'real.md']);
  });
});
