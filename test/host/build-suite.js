// Bundles the extension-host test suite (test/host/suite/*.ts) into test/host/out/, one file per
// test file plus index.js. `vscode` is the host's; mocha is loaded from the project's node_modules.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const jsoncParserEsm = require('../../scripts/esbuild-jsonc-parser');

const suite = path.join(__dirname, 'suite');
const entryPoints = fs
  .readdirSync(suite)
  .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
  .map((f) => path.join(suite, f));
const outdir = path.join(__dirname, 'out');
fs.rmSync(outdir, { recursive: true, force: true });
const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' };
esbuild
  .build({ ...options, entryPoints: [path.join(__dirname, 'e2e', 'altFor.ts')], outfile: path.join(outdir, 'altFor.js') })
  .catch(() => process.exit(1));
esbuild
  .build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha', 'onnxruntime-node', 'sharp'],
    logLevel: 'warning',
    plugins: [jsoncParserEsm],
  })
  .catch(() => process.exit(1));
