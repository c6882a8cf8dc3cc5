// Bundles the extension, the CLI and the worker threads (inference, conversion, scanning) into dist/ as CommonJS for Node.
// Native modules (onnxruntime-node, sharp) and the VS Code API stay external: they load at run time.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const jsoncParserEsm = require('./scripts/esbuild-jsonc-parser');

const ROOT = __dirname;
const SRC = path.join(ROOT, 'src');

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'onnxruntime-node', 'sharp'],
  logLevel: 'info',
};

// The extension loads its heavy parts on first use, through `lazy(name)` (src/extension/lazy.ts),
// the one file whose dynamic imports name them. Each becomes a bundle of its own, dist/<name>.js,
// that dist/extension.js requires at that moment, so activation parses only the small extension
// layer. The bundles are found by where those imports lead, not by how they are written: moving a
// file changes lazy.ts (or the type check fails), never the split.
const LAZY_FILE = path.join(SRC, 'extension', 'lazy.ts');
const RESOLVING = Symbol('resolving');

/** A lazy bundle's name: its folder for an index module (src/inference/store/index.ts: store), else its file's. */
function lazyName(entry) {
  const parts = path.relative(SRC, entry).split(path.sep);
  const file = parts.pop().replace(/\.[cm]?[jt]sx?$/, '');
  return file === 'index' ? parts[parts.length - 1] : file;
}

/**
 * Makes each dynamic import of lazy.ts an external `./<name>.js` and records it in `found` (name to
 * entry file). `strict`: any other relative dynamic import is an error, because in the activation
 * bundle (which cannot split by itself) it would be bundled in, heavy part and all.
 */
function splitLazyBundles(found, { strict }) {
  return {
    name: 'split-lazy-bundles',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === RESOLVING) return undefined;
        if (args.importer !== LAZY_FILE) {
          if (!strict) return undefined;
          return {
            errors: [
              {
                text: `import('${args.path}') would be bundled into the activation bundle: load it through lazy() (src/extension/lazy.ts)`,
              },
            ],
          };
        }
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: RESOLVING,
        });
        if (resolved.errors.length) return { errors: resolved.errors };
        const name = lazyName(resolved.path);
        const other = found.get(name);
        if (other && other !== resolved.path)
          return { errors: [{ text: `two lazy bundles would be named ${name}.js: ${other}, ${resolved.path}` }] };
        found.set(name, resolved.path);
        return { path: `./${name}.js`, external: true };
      });
    },
  };
}

/**
 * The activation bundle, dist/extension.js (into `outdir`), and the lazy bundles it requires, by
 * name to entry file. No lazy bundle is built here.
 */
async function buildActivationBundle({ outdir = path.join(ROOT, 'dist'), production = false, metafile = false, logLevel } = {}) {
  const lazy = new Map();
  const result = await esbuild.build(activationOptions(lazy, { outdir, production, metafile, logLevel }));
  return { result, lazy };
}

function activationOptions(lazy, { outdir, production, metafile = false, logLevel = common.logLevel }) {
  return {
    ...common,
    ...modeOptions(production),
    logLevel,
    metafile,
    entryPoints: ['src/extension.ts'],
    outfile: path.join(outdir, 'extension.js'),
    plugins: [splitLazyBundles(lazy, { strict: true }), jsoncParserEsm],
    supported: { 'dynamic-import': false },
  };
}

function modeOptions(production) {
  return { sourcemap: !production, minify: production };
}

/** Every other bundle: the lazy ones found in the activation bundle, the CLI and the worker threads. */
function otherEntries(lazy, outdir) {
  return [
    // A lazy bundle that reaches lazy.ts requires its sibling bundles too, rather than holding a copy.
    ...[...lazy].map(([name, entry]) => ({
      entryPoints: [path.relative(ROOT, entry)],
      outfile: path.join(outdir, `${name}.js`),
      plugins: [splitLazyBundles(new Map(), { strict: false }), jsoncParserEsm],
    })),
    { entryPoints: ['src/cli.ts'], outfile: path.join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
    { entryPoints: ['src/inference/worker/captionWorkerMain.ts'], outfile: path.join(outdir, 'captionWorker.js') },
    { entryPoints: ['src/inference/worker/matchWorkerMain.ts'], outfile: path.join(outdir, 'matchWorker.js') },
    { entryPoints: ['src/extension/convertWorkerMain.ts'], outfile: path.join(outdir, 'convertWorker.js') },
    { entryPoints: ['src/extension/scanWorkerMain.ts'], outfile: path.join(outdir, 'scanWorker.js') },
    // Text recognition: our thread, and tesseract.js's own worker thread under it. tesseract.js falls
    // back to node-fetch only where Node has no global fetch (never on Node 20 or in VS Code), and it
    // fetches nothing here anyway (docs/runtime.md), so node-fetch stays out of the bundle.
    {
      entryPoints: ['src/inference/ocr/ocrWorkerMain.ts'],
      outfile: path.join(outdir, 'ocrWorker.js'),
      external: [...common.external, 'node-fetch'],
    },
    { entryPoints: ['src/inference/ocr/tesseractWorker.js'], outfile: path.join(outdir, 'tesseractWorker.js') },
  ].map((e) => ({ plugins: [jsoncParserEsm], ...e }));
}

// What the text-recognition bundles read at run time, next to them in dist/: the WebAssembly core
// (tesseract-core-simd-lstm.js, bundled into dist/tesseractWorker.js, loads it from its own folder)
// and the English LSTM traineddata (src/inference/ocr/assets.ts).
const OCR_FILES = [
  ['tesseract.js-core/tesseract-core-simd-lstm.wasm', 'tesseract-core-simd-lstm.wasm'],
  ['@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz', 'eng.traineddata.gz'],
];
function copyOcrFiles(outdir) {
  fs.mkdirSync(outdir, { recursive: true });
  for (const [from, to] of OCR_FILES) fs.copyFileSync(require.resolve(from), path.join(outdir, to));
}

async function main() {
  const watch = process.argv.includes('--watch');
  const production = process.argv.includes('--production');
  const outdir = path.join(ROOT, 'dist');
  // The activation bundle first: it names the lazy bundles. (A new lazy() name needs a restart of --watch.)
  const lazy = new Map();
  const activation = activationOptions(lazy, { outdir, production });
  if (watch) {
    const context = await esbuild.context(activation);
    await context.rebuild();
    await context.watch();
  } else await esbuild.build(activation);
  copyOcrFiles(outdir);
  const others = otherEntries(lazy, outdir).filter((e) => fs.existsSync(path.join(ROOT, e.entryPoints[0])));
  const options = others.map((e) => ({ ...common, ...modeOptions(production), ...e }));
  if (watch) {
    for (const o of options) await (await esbuild.context(o)).watch();
  } else {
    await Promise.all(options.map((o) => esbuild.build(o)));
  }
}

module.exports = { buildActivationBundle, lazyName };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
