import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../../../src/cli/formatJson';
import { runCheck } from '../../helpers/runCli';

function project(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lat-siteopt-')));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

const report = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;

describe('check: site roots and the project configuration', function () {
  const made: string[] = [];
  const make = (files: Record<string, string>): string => {
    const root = project(files);
    made.push(root);
    return root;
  };
  after(() => made.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  it('--site-root (repeatable) names folders for root-relative sources', async () => {
    const root = make({ 'docs/a.md': '![A](/pics/a.png) ![B](/b.png)\n', 'media/pics/a.png': 'x', 'more/b.png': 'x' });
    const without = report((await runCheck(['--format', 'json'], root)).stdout);
    assert.deepEqual(
      without.images.map((i) => i.exists),
      [false, false],
    );
    const run = await runCheck(['--format', 'json', '--site-root', 'media', '--site-root=more'], root);
    assert.deepEqual(
      report(run.stdout).images.map((i) => [i.resolved, i.exists]),
      [
        [path.join(root, 'media/pics/a.png'), true],
        [path.join(root, 'more/b.png'), true],
      ],
    );
  });

  it('reads the nearest .localalttext file: site roots, include and exclude, dialects', async () => {
    const root = make({
      '.localalttext.jsonc':
        '{\n  // served at /\n  "siteRoots": ["media"],\n  "exclude": ["drafts/**"],\n  "dialects": { "*.markdown": "mdx" }\n}\n',
      'media/a.png': 'x',
      'page.md': '![A](/a.png)\n',
      'jsx.markdown': '<img src="/a.png" />\n',
      'drafts/skip.md': '![](x.png)\n',
    });
    const run = await runCheck(['--format', 'json'], root);
    const images = report(run.stdout).images;
    assert.deepEqual(
      images.map((i) => [i.file, i.syntax, i.exists]),
      [
        ['jsx.markdown', 'mdx', true],
        ['page.md', 'markdown-inline', true],
      ],
    );
  });

  it('--config names the file; a bad one is a usage error that names it', async () => {
    const root = make({
      'conf/lat.yaml': 'siteRoots: [../media]\n',
      'bad.json': '{ "siteRoots": 3 }',
      'media/a.png': 'x',
      'page.md': '![A](/a.png)\n',
    });
    const good = await runCheck(['--format', 'json', '--config', 'conf/lat.yaml'], root);
    assert.equal(report(good.stdout).images[0].exists, true);
    const bad = await runCheck(['--config', 'bad.json'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json: "siteRoots" must be a list/);
    const absent = await runCheck(['--config', 'nope.jsonc'], root);
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /nope\.jsonc: cannot be read/);
  });

  it('Quarto and AsciiDoc files are checked, with their syntax names', async () => {
    const root = make({ 'a.qmd': '![Cap](a.png){fig-alt="A fox"}\n', 'b.adoc': 'image::b.png[]\n', 'a.png': 'x', 'b.png': 'x' });
    const run = await runCheck(['--format', 'json'], root);
    assert.equal(run.code, 1);
    assert.deepEqual(
      report(run.stdout).images.map((i) => [i.file, i.syntax, i.altState, i.exists]),
      [
        ['a.qmd', 'pandoc-attr', 'ok', true],
        ['b.adoc', 'asciidoc', 'missing', true],
      ],
    );
  });
});
