// Bundles the extension, the CLI and the worker threads (inference, conversion, scanning) into dist/ as CommonJS for Node.
// Native modules (onnxruntime-node, sharp) and the VS Code API stay external: they load at run time.
const esbuild = require('esbuild');
const jsoncParserEsm = require('./scripts/esbuild-jsonc-parser');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode', 'onnxruntime-node', 'sharp'],
  logLevel: 'info',
  plugins: [jsoncParserEsm],
};

// The extension loads its heavy parts on first use (`import('../markdown')` etc.). Each becomes a
// bundle of its own that dist/extension.js requires at that moment, so activation parses only the
// small extension layer, not the parsers, the model store and the captioner.
const lazyChunks = {
  '../markdown': { entry: 'src/markdown/index.ts', file: 'markdown.js' },
  '../inference': { entry: 'src/inference/index.ts', file: 'inference.js' },
  '../inference/store': { entry: 'src/inference/store/index.ts', file: 'store.js' },
  '../extension/workspaceFiles': { entry: 'src/extension/workspaceFiles.ts', file: 'workspaceFiles.js' },
  '../extension/imageArrival': { entry: 'src/extension/imageArrival.ts', file: 'imageArrival.js' },
};
const splitLazyChunks = {
  name: 'split-lazy-chunks',
  setup(build) {
    build.onResolve(
      { filter: /^\.\.\/(markdown|inference|inference\/store|extension\/workspaceFiles|extension\/imageArrival)$/ },
      (args) => {
        const chunk = lazyChunks[args.path];
        return args.kind === 'dynamic-import' && chunk ? { path: `./${chunk.file}`, external: true } : undefined;
      },
    );
  },
};

const entries = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    plugins: [splitLazyChunks, jsoncParserEsm],
    supported: { 'dynamic-import': false },
  },
  ...Object.values(lazyChunks).map(({ entry, file }) => ({ entryPoints: [entry], outfile: `dist/${file}` })),
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/inference/worker/captionWorkerMain.ts'], outfile: 'dist/captionWorker.js' },
  { entryPoints: ['src/extension/convertWorkerMain.ts'], outfile: 'dist/convertWorker.js' },
  { entryPoints: ['src/extension/scanWorkerMain.ts'], outfile: 'dist/scanWorker.js' },
  // Text recognition: our thread, and tesseract.js's own worker thread under it. tesseract.js falls
  // back to node-fetch only where Node has no global fetch (never on Node 20 or in VS Code), and it
  // fetches nothing here anyway (docs/runtime.md), so node-fetch stays out of the bundle.
  { entryPoints: ['src/inference/ocr/ocrWorkerMain.ts'], outfile: 'dist/ocrWorker.js', external: [...common.external, 'node-fetch'] },
  { entryPoints: ['src/inference/ocr/tesseractWorker.js'], outfile: 'dist/tesseractWorker.js' },
];

// What the text-recognition bundles read at run time, next to them in dist/: the WebAssembly core
// (tesseract-core-simd-lstm.js, bundled into dist/tesseractWorker.js, loads it from its own folder)
// and the English LSTM traineddata (src/inference/ocr/assets.ts).
const ocrFiles = [
  ['tesseract.js-core/tesseract-core-simd-lstm.wasm', 'tesseract-core-simd-lstm.wasm'],
  ['@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz', 'eng.traineddata.gz'],
];
function copyOcrFiles() {
  const fs = require('fs');
  const path = require('path');
  fs.mkdirSync('dist', { recursive: true });
  for (const [from, to] of ocrFiles) fs.copyFileSync(require.resolve(from), path.join('dist', to));
}

(async () => {
  const fs = require('fs');
  const present = entries.filter((e) => fs.existsSync(e.entryPoints[0]));
  if (watch) {
    for (const e of present) await (await esbuild.context({ ...common, ...e })).watch();
  } else {
    await Promise.all(present.map((e) => esbuild.build({ ...common, ...e })));
  }
  copyOcrFiles();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
