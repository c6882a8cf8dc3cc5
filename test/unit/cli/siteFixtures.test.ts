import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../../../src/cli/formatJson';
import { runCheck } from '../../helpers/runCli';

const SITES = path.resolve(__dirname, '../../fixtures/sites');

async function checkJson(cwd: string, extra: string[] = []): Promise<{ report: JsonReport; stderr: string }> {
  const { code, stdout, stderr } = await runCheck(['--format', 'json', ...extra], cwd);
  assert.ok(code === 0 || code === 1, `check exited ${code}: ${stderr}`);
  return { report: JSON.parse(stdout) as JsonReport, stderr };
}

function imageFilesUnder(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.png$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

// What each fixture site holds, per syntax: written in the style of real sites of that generator.
const EXPECTED: Record<string, Record<string, number>> = {
  jekyll: { 'markdown-inline': 7, 'markdown-html': 1 },
  hugo: { 'hugo-figure': 4, 'markdown-inline': 4, 'markdown-html': 1, asciidoc: 2 },
  docusaurus: { 'markdown-inline': 6, mdx: 5 },
  'mkdocs-material': { 'markdown-inline': 6, 'markdown-html': 1 },
  vitepress: { 'markdown-inline': 4, 'markdown-html': 1 },
  quarto: { 'pandoc-attr': 5, 'markdown-inline': 1, 'markdown-html': 1 },
};

describe('check on docs sites of each generator', function () {
  for (const [generator, expected] of Object.entries(EXPECTED)) {
    it(`${generator}: every local image resolves to a file that exists`, async () => {
      // Run from the folder above, as from a repository that holds the site in a folder of its own.
      const root = path.join(SITES, generator);
      const { report, stderr } = await checkJson(SITES, [generator]);
      assert.equal(stderr, '');
      const bySyntax: Record<string, number> = {};
      for (const image of report.images) bySyntax[image.syntax] = (bySyntax[image.syntax] ?? 0) + 1;
      assert.deepEqual(bySyntax, expected);
      const missing = report.images
        .filter((image) => !image.remote && !image.exists)
        .map((image) => `${image.file}:${image.line} ${image.src}`);
      assert.deepEqual(missing, [], 'images reported missing');
      // Every picture in the fixture is one a page shows, and the resolved paths are those pictures
      // (a ThemedImage's dark source is the same image's other theme, not an image of its own).
      const resolved = new Set(report.images.map((image) => image.resolved));
      const unresolved = imageFilesUnder(root).filter((file) => !resolved.has(file) && !/-dark\.png$/.test(file));
      assert.deepEqual(unresolved, [], 'pictures no image resolved to');
    });
  }

  it('without knowing the site, each generator loses images: not found, or found but not resolved', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lat-nosite-'));
    const config = path.join(folder, '.localalttext.json');
    fs.writeFileSync(config, JSON.stringify({ generator: 'none' }));
    try {
      for (const [generator, expected] of Object.entries(EXPECTED)) {
        const { report } = await checkJson(SITES, [generator, '--config', config]);
        const resolved = report.images.filter((image) => image.exists).length;
        const total = Object.values(expected).reduce((a, b) => a + b, 0);
        assert.ok(resolved < total, `${generator}: ${resolved} of ${total} resolved without site knowledge`);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
