import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The CLI as a user gets it: `npm pack` (which builds the production bundles), the tarball installed
// globally into an empty prefix with the README's command, and the installed `local-alt-text` run
// from a folder that has nothing to do with this repository. This needs the npm registry, for the
// package's two runtime dependencies.

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/blip-reference');
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

/** This process's environment without npm's: run from `npm test`, npm_config_* would carry the project's .npmrc. */
function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

describe('the packed CLI, installed into an empty prefix', function () {
  this.timeout(900_000); // hang guard: packing builds the bundles and installing downloads packages
  let scratch: string;
  let bin: string;
  let packedFiles: string[];

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'packed-cli-'));
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', args, { cwd, env: cleanEnvironment(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    // The machine's global npm settings (registry, certificates) stay those of this machine; only
    // the prefix, where the package goes, is new.
    const globalconfig = npm(['config', 'get', 'globalconfig'], os.tmpdir()).trim();
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], root)) as {
      filename: string;
      files: { path: string }[];
    }[];
    packedFiles = packed.files.map((f) => f.path);
    const prefix = path.join(scratch, 'prefix');
    npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--globalconfig',
        globalconfig,
        '--no-audit',
        '--no-fund',
        '--onnxruntime-node-install=skip',
        path.join(scratch, packed.filename),
      ],
      scratch,
    );
    bin = path.join(prefix, process.platform === 'win32' ? 'local-alt-text.cmd' : 'bin/local-alt-text');
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const cli = (args: string[], cwd: string) =>
    spawnSync(bin, args, { cwd, env: cleanEnvironment({ LOCAL_ALT_TEXT_CACHE: path.join(scratch, 'cache') }), encoding: 'utf8' });

  it('holds the bundles, the text-recognition core and data, and the documents; no sources, tests or source maps', () => {
    assert.ok(packedFiles.includes('dist/cli.js') && packedFiles.includes('dist/captionWorker.js'), packedFiles.join('\n'));
    const others = [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/tesseract-core-simd-lstm.wasm',
      'dist/eng.traineddata.gz',
    ];
    for (const file of [...others, 'dist/ocrWorker.js', 'dist/tesseractWorker.js'])
      assert.ok(packedFiles.includes(file), `${file} is not packed`);
    assert.deepEqual(
      packedFiles.filter((f) => !/^dist\/[^/]+\.js$/.test(f) && !others.includes(f)),
      [],
    );
  });

  it('installs only the native modules as dependencies', () => {
    const installed = JSON.parse(
      fs.readFileSync(path.join(path.dirname(path.dirname(bin)), 'lib/node_modules', name, 'package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };
    assert.deepEqual(Object.keys(installed.dependencies).sort(), ['onnxruntime-node', 'sharp']);
  });

  it('prints its version', () => {
    const run = cli(['--version'], scratch);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${version}\n`);
  });

  it('checks a folder of documents', () => {
    const docs = path.join(scratch, 'site');
    fs.mkdirSync(docs, { recursive: true });
    fs.copyFileSync(path.join(fixtures, 'images/rocket.png'), path.join(docs, 'rocket.png'));
    fs.writeFileSync(path.join(docs, 'index.md'), '# Launch\n\n![](rocket.png)\n\n![A rocket on its pad](rocket.png)\n');
    const run = cli(['check', '.', '--format', 'json'], docs);
    assert.equal(run.status, 1, run.stderr);
    assert.match(JSON.stringify(JSON.parse(run.stdout)), /index\.md/);
    assert.match(run.stdout, /"missing"/);
  });

  it('captions an image with the reference model, giving the reference token ids', () => {
    const golden = JSON.parse(fs.readFileSync(path.join(fixtures, 'golden.json'), 'utf8')) as {
      images: Record<string, { file: string; greedy: { ids: number[]; text: string } }>;
    };
    const { file, greedy } = golden.images.astronaut;
    const image = path.join(scratch, 'astronaut.png');
    fs.copyFileSync(path.join(fixtures, file), image);
    const run = cli(['caption', image, '--model', path.join(fixtures, 'tiny-blip'), '--max-length', '20', '--format', 'json'], scratch);
    assert.equal(run.status, 0, run.stderr);
    const [result] = JSON.parse(run.stdout) as { ids: number[]; text: string }[];
    assert.deepEqual(result.ids, greedy.ids);
    assert.equal(result.text, greedy.text);
  });

  it('reads the text of a screenshot with no network in any thread', async () => {
    const { renderScreen } = await import('../../../scripts/lib/renderedText');
    const image = path.join(scratch, 'settings.png');
    fs.writeFileSync(image, (await renderScreen({ lines: ['Enable telemetry'] })).png);
    const log = path.join(scratch, 'threads.log');
    const run = spawnSync(bin, ['caption', image, '--model', path.join(fixtures, 'tiny-blip'), '--max-length', '8', '--format', 'json'], {
      cwd: scratch,
      encoding: 'utf8',
      env: cleanEnvironment({
        LOCAL_ALT_TEXT_CACHE: path.join(scratch, 'cache'),
        NODE_OPTIONS: `--require ${path.join(root, 'test/helpers/blockNetwork.cjs')}`,
        BLOCK_NETWORK_LOG: log,
      }),
    });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /NETWORK ATTEMPT/);
    const [result] = JSON.parse(run.stdout) as { caption: string; visibleText: string; altText: string }[];
    assert.equal(result.visibleText, 'Enable telemetry');
    assert.equal(result.altText, `${result.caption} with “Enable telemetry”`);
    // Main, preprocessing, model, text reading and tesseract.js's thread, each with the block.
    assert.ok(fs.readFileSync(log, 'utf8').trim().split('\n').length >= 5);
  });
});
