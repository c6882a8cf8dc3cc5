/**
 * Cold start as the extension has it: a process that has not loaded the captioner yet loads the
 * bundled inference module, starts the caption worker on a converted pack and captions one image.
 * The bundles are built here with the project's esbuild settings (into the benchmark's temporary
 * folder, not dist/), so the worker thread runs bundled code as it does in the extension, not
 * TypeScript compiled on the fly.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';

export interface ColdStart {
  /** Loading the inference bundle (onnxruntime, sharp, tokenizer). */
  moduleMs: number;
  /** CaptionWorker.start: threads, sessions, tokenizer. */
  startMs: number;
  firstCaptionMs: number;
  totalMs: number;
}

const ROOT = path.resolve(__dirname, '../..');

/** Bundles the inference module and the worker script into `workDir`/bundle; returns that folder. */
export async function bundleInference(workDir: string): Promise<string> {
  const bundleDir = path.join(workDir, 'bundle');
  await esbuild.build({
    entryPoints: {
      inference: path.join(ROOT, 'src/inference/index.ts'),
      captionWorker: path.join(ROOT, 'src/inference/worker/captionWorkerMain.ts'),
    },
    outdir: bundleDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['onnxruntime-node', 'sharp'],
    logLevel: 'silent',
  });
  return bundleDir;
}

export async function measureColdStart(
  bundleDir: string,
  packDir: string,
  cacheDir: string,
  image: string,
  length: number,
): Promise<ColdStart> {
  const script = path.join(bundleDir, 'coldStart.js');
  await fs.writeFile(
    script,
    `
const t0 = performance.now();
const { CaptionWorker } = require('./inference.js');
const t1 = performance.now();
(async () => {
  const worker = await CaptionWorker.start(${JSON.stringify(packDir)}, { cacheDir: ${JSON.stringify(cacheDir)} });
  const t2 = performance.now();
  const bytes = require('node:fs').readFileSync(${JSON.stringify(image)});
  await worker.caption(bytes, { minLength: ${length}, maxLength: ${length} });
  const t3 = performance.now();
  await worker.dispose();
  process.stdout.write(JSON.stringify({ moduleMs: t1 - t0, startMs: t2 - t1, firstCaptionMs: t3 - t2, totalMs: t3 - t0 }));
})();
`,
  );
  // The bundle leaves onnxruntime-node and sharp to be found in the project's node_modules.
  const { stdout } = await promisify(execFile)(process.execPath, [script], {
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
  return JSON.parse(stdout) as ColdStart;
}
