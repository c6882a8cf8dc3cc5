import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../helpers/runCli';
import { altEdit, applyEdits, scanDocument, ScanLimitError, type DocumentKind, type TextEdit } from '../../src/markdown';

// Hostile and pathological documents. Each case must end (the mocha timeout is the hang guard, far
// above the time any case needs) with either a scan or the clear "too complex to scan" refusal:
// never a crash, a stack overflow or an exhausted heap. No case asserts a time.

/** The inputs of cmark's test/pathological_tests.py (plus a few of micromark's own slow spots), each next to an image. */
const PATHOLOGICAL: Array<[name: string, text: () => string]> = [
  ['nested strong emphasis', () => '*a **a '.repeat(30_000) + 'b' + ' a** a*'.repeat(30_000)],
  ['many emphasis closers with no openers', () => 'a_ '.repeat(30_000)],
  ['many emphasis openers with no closers', () => '_a '.repeat(30_000)],
  ['many link closers with no openers', () => 'a]'.repeat(30_000)],
  ['many link openers with no closers', () => '[a'.repeat(30_000)],
  ['mismatched openers and closers', () => '*a_ '.repeat(30_000)],
  ['openers and closers multiple of 3', () => 'a**b' + 'c* '.repeat(30_000)],
  ['link openers and emphasis closers', () => '[ a_'.repeat(30_000)],
  ['pattern [ (]( repeated', () => '[ (]('.repeat(30_000)],
  ['pattern ![[]() repeated', () => '![[]()'.repeat(30_000)],
  ['hard link/emphasis case', () => '**x [a*b**c*](d)'],
  ['nested brackets', () => '['.repeat(50_000) + 'a' + ']'.repeat(50_000)],
  ['nested images', () => '!['.repeat(50_000) + 'a' + '](x.png)'.repeat(50_000)],
  ['nested block quotes', () => '> '.repeat(50_000) + 'a\n'],
  ['deep quote lines', () => ('> '.repeat(150) + 'a\n').repeat(2_000)],
  ['2,000-level nested indented list', () => Array.from({ length: 2_000 }, (_, i) => '  '.repeat(i) + '* a\n').join('')],
  ['10,000-level nested list markers', () => '- '.repeat(10_000) + 'a\n'],
  ['empty lines in deeply nested lists', () => Array.from({ length: 1_000 }, (_, i) => '  '.repeat(i) + '- a\n\n').join('')],
  ['U+0000 in input', () => 'abc\u0000de\u0000'.repeat(100_000)],
  ['backticks', () => Array.from({ length: 2_000 }, (_, i) => 'e' + '`'.repeat(i + 1)).join('')],
  ['long backtick runs', () => '`'.repeat(100_000) + 'a' + ' `'.repeat(50_000)],
  ['unclosed links A', () => '[a](<b'.repeat(30_000)],
  ['unclosed links B', () => '[a](b'.repeat(30_000)],
  ['[a]( x 100,000', () => '[a]('.repeat(100_000)],
  ['unclosed <!--', () => '</' + '<!--'.repeat(30_000)],
  [
    'unclosed processing instructions, declarations and CDATA',
    () => 'a <?'.repeat(10_000) + 'a <!A'.repeat(10_000) + 'a <![CDATA['.repeat(10_000),
  ],
  ['many link reference definitions', () => Array.from({ length: 50_000 }, (_, i) => `[${i}]: u\n`).join('')],
  ['reference collisions', () => Array.from({ length: 50_000 }, () => '[a]: u\n').join('') + '![a]'],
  ['many table columns', () => '|a'.repeat(5_000) + '|\n' + '|-'.repeat(5_000) + '|\n' + '|b'.repeat(5_000) + '|\n'],
  ['6,000 nested <div>s', () => '<div>'.repeat(6_000) + '<img src="deep.png">' + '</div>'.repeat(6_000)],
  ['an <img> with 100,000 attributes', () => '<img ' + 'a=b '.repeat(100_000) + '>'],
];

function scanOrRefusal(text: string, kind: DocumentKind): number | ScanLimitError {
  try {
    return scanDocument(text, kind).length;
  } catch (error) {
    if (error instanceof ScanLimitError) return error;
    throw error;
  }
}

describe('abuse: pathological documents', function () {
  this.timeout(600_000);

  for (const [name, build] of PATHOLOGICAL) {
    it(`${name}: scanned, or refused as too complex`, () => {
      const text = '![first](first.png)\n\n' + build();
      for (const kind of ['markdown', 'mdx'] as const) {
        const outcome = scanOrRefusal(text, kind);
        if (outcome instanceof ScanLimitError) {
          assert.match(outcome.message, /^too complex to scan: \S/);
          assert.ok(['size', 'nesting', 'inline-markup', 'definitions', 'time'].includes(outcome.reason));
        } else {
          assert.ok(outcome >= 1, `${kind}: the image before the pathological part was lost`);
        }
      }
    });
  }

  it('6,000 nested <div>s in an HTML file: the image is found', () => {
    const html = '<div>'.repeat(6_000) + '<img src="deep.png">' + '</div>'.repeat(6_000);
    assert.deepEqual(
      scanDocument(html, 'html').map((i) => i.src),
      ['deep.png'],
    );
  });

  it('a 50 MB Markdown file is refused by size before it is parsed', () => {
    const text = '![a](b.png) some words in a paragraph\n\n'.repeat(1_300_000);
    assert.ok(text.length > 50_000_000);
    const outcome = scanOrRefusal(text, 'markdown');
    assert.ok(outcome instanceof ScanLimitError);
    assert.equal(outcome.reason, 'size');
  });

  it('100,000 images in one document: all found, and 100,000 edits applied at once', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `![](img/${i}.png)`).join('\n\n') + '\n';
    const images = scanDocument(text, 'markdown');
    assert.equal(images.length, 100_000);
    const edits: TextEdit[] = images.map((image, i) => altEdit(text, image, `Picture ${i}`));
    const edited = applyEdits(text, edits);
    const expected = Array.from({ length: 100_000 }, (_, i) => `![Picture ${i}](img/${i}.png)`).join('\n\n') + '\n';
    assert.equal(edited, expected);
  });
});

describe('abuse: the CLI on a folder with a pathological document', function () {
  this.timeout(600_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'abuse-docs-'));
    fs.writeFileSync(path.join(root, 'deep.md'), '![a](a.png)\n\n' + '> '.repeat(5_000) + 'x\n');
    fs.writeFileSync(path.join(root, 'dense.md'), '![b](b.png)\n\n' + '*a_ '.repeat(50_000) + '\n');
    fs.writeFileSync(path.join(root, 'plain.md'), '# Plain\n\n![](missing-alt.png)\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('check names each refused file, checks the others, and fails the run', async () => {
    const before = hashes(root);
    const run = await runCheck(['--format', 'json', '.'], root);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /deep\.md: too complex to scan: block quotes or lists nested about [\d,]+ levels deep at line 3/);
    assert.match(run.stderr, /dense\.md: too complex to scan: a paragraph at line 3 has [\d,]+ emphasis, link, code or HTML delimiters/);
    const report = JSON.parse(run.stdout) as { images: Array<{ file: string; src: string }> };
    assert.deepEqual(
      report.images.map((i) => [i.file, i.src]),
      [['plain.md', 'missing-alt.png']],
    );
    assert.deepEqual(hashes(root), before, 'no file changed');
  });
});

function hashes(root: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(root).map((f) => [f, fs.readFileSync(path.join(root, f)).toString('base64')]));
}
