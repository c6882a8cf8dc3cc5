import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { BuildResult, Metafile } from 'esbuild';
import { LAZY_NAMES } from '../../../src/extension/lazy';

const ROOT = path.resolve(__dirname, '../../..');

interface BuildScript {
  buildActivationBundle(options: {
    outdir: string;
    metafile: boolean;
    logLevel: string;
  }): Promise<{ result: BuildResult & { metafile: Metafile }; lazy: Map<string, string> }>;
}
const { buildActivationBundle } = createRequire(__filename)(path.join(ROOT, 'esbuild.js')) as BuildScript;

/**
 * Plain modules of src/markdown and src/inference that the activation bundle may hold: small
 * leaves with no dependency, needed before anything heavy loads. Anything else from those folders
 * (the scanner, the captioner, the model store), anything from src/net and any npm package belongs
 * in a lazy bundle (src/extension/lazy.ts).
 */
const LIGHT_MODULES: Record<string, string> = {
  'src/markdown/documentKind.ts': 'which documents are scanned at all, by file name and language',
  'src/markdown/decodeUri.ts': 'percent-decoding a data: URL or file name, keeping text that is no valid escape',
  'src/inference/generation/captionBudget.ts': "the alt text's length budget, applied after the caption cache",
  'src/inference/generation/captionStyle.ts': 'the style applied to a cached caption on its way out',
  'src/inference/generation/visibleTextBudget.ts': 'the visible text of a screenshot quoted after the caption, within that budget',
  'src/inference/generation/request.ts': 'the caption request the settings make, its defaults and cache key',
  'src/inference/types.ts': 'the list of precisions the settings accept',
  'src/inference/regularFile.ts': 'reading an image file within its size limit',
};

describe('the activation bundle (dist/extension.js)', function () {
  this.timeout(120_000);
  let inputs: string[];
  let lazy: Map<string, string>;
  let text: string;

  before(async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alt-activation-bundle-'));
    try {
      const built = await buildActivationBundle({ outdir, metafile: true, logLevel: 'silent' });
      lazy = built.lazy;
      const output = Object.entries(built.result.metafile.outputs).find(([file]) => file.endsWith('extension.js'));
      assert.ok(output, Object.keys(built.result.metafile.outputs).join(', '));
      inputs = Object.keys(output[1].inputs).map((file) => path.relative(ROOT, path.resolve(ROOT, file)).split(path.sep).join('/'));
      text = fs.readFileSync(path.join(outdir, 'extension.js'), 'utf8');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('is built from the extension layer', () => {
    for (const own of ['src/extension.ts', 'src/extension/lazy.ts', 'src/providers/hover.ts', 'src/commands/fixWorkspace.ts'])
      assert.ok(inputs.includes(own), `${own} is not in the activation bundle`);
  });

  it('holds no scanner, inference, model store or network code, and no npm package', () => {
    const heavy = inputs.filter(
      (file) =>
        file.includes('node_modules/') ||
        file.startsWith('src/net/') ||
        ((file.startsWith('src/markdown/') || file.startsWith('src/inference/')) && !(file in LIGHT_MODULES)),
    );
    assert.deepEqual(heavy, [], 'load these through lazy() (src/extension/lazy.ts), or list a small plain leaf in LIGHT_MODULES');
  });

  it('requires each lazy bundle by the name lazy() knows it by', () => {
    assert.deepEqual([...lazy.keys()].sort(), [...LAZY_NAMES].sort());
    for (const name of LAZY_NAMES) assert.ok(text.includes(`require("./${name}.js")`), `dist/extension.js does not require ./${name}.js`);
    assert.equal(path.relative(ROOT, lazy.get('markdown')!), path.join('src', 'markdown', 'index.ts'));
    assert.equal(path.relative(ROOT, lazy.get('store')!), path.join('src', 'inference', 'store', 'index.ts'));
    assert.equal(path.relative(ROOT, lazy.get('net')!), path.join('src', 'net', 'index.ts'));
  });
});
