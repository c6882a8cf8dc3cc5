/**
 * `npm run bench -- tiny`: the reference checkpoints of the test fixtures through the same stages as
 * the base-shaped benchmark (conversion through the model store, load, vision, decoder per token,
 * peak memory of the captioning process), for the cost of the runtime itself apart from the weights;
 * then the image-text matching kit's checkpoint (vision, image graph, the text graph's batch).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { packFor } from '../../src/inference/pack';
import type { ProbeResult, ProbeTask } from './captionProbe';
import { runInChild } from './child';
import type { MatchProbeResult, MatchProbeTask } from './matchProbe';
import { median } from './stats';

const FIXTURES = path.join(__dirname, '../../test/fixtures');
const SETS = ['blip-reference', 'blip-heldout'];
const LENGTH = 20;

export async function run(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'lat-bench-tiny-'));
  const rows: string[] = [];
  let matchRow: string;
  let matchTexts: number;
  try {
    for (const set of SETS) {
      const checkpointDir = path.join(FIXTURES, set, 'tiny-blip');
      const imagesDir = path.join(FIXTURES, set, 'images');
      const images = (await readdir(imagesDir)).sort().map((f) => path.join(imagesDir, f));
      const cacheDir = path.join(work, set);
      const started = performance.now();
      const packDir = await packFor(checkpointDir, { cacheDir, precision: 'fp32' });
      const conversionMs = performance.now() - started;
      // The first image warms the sessions up; the medians are over the rest.
      const probe = await runInChild<ProbeResult>(path.join(__dirname, 'captionProbe.ts'), {
        packDir,
        cacheDir,
        images,
        length: LENGTH,
      } satisfies ProbeTask);
      rows.push(
        `| ${set} | ${conversionMs.toFixed(0)} | ${probe.loadMs.toFixed(0)} | ${median(probe.visionMs.slice(1)).toFixed(1)} | ${median(probe.crossKvMs.slice(1)).toFixed(2)} | ${median(probe.stepMs).toFixed(2)} | ${median(probe.totalMs.slice(1)).toFixed(1)} | ${probe.peakRssMB.toFixed(0)} |`,
      );
    }

    // Image-text matching: every image of the kit against all of its texts, one batch per image.
    const itmDir = path.join(FIXTURES, 'blip-itm-reference');
    const golden = JSON.parse(await readFile(path.join(itmDir, 'golden.json'), 'utf8')) as {
      texts: { text: string }[];
      images: Record<string, { file: string }>;
    };
    const texts = golden.texts.map((t) => t.text);
    matchTexts = texts.length;
    const images = Object.values(golden.images).map((image) => path.join(FIXTURES, 'blip-reference', image.file));
    const cacheDir = path.join(work, 'blip-itm-reference');
    const started = performance.now();
    const packDir = await packFor(path.join(itmDir, 'tiny-blip-itm'), { cacheDir, precision: 'fp32' });
    const conversionMs = performance.now() - started;
    const m = await runInChild<MatchProbeResult>(path.join(__dirname, 'matchProbe.ts'), {
      packDir,
      cacheDir,
      images,
      texts,
    } satisfies MatchProbeTask);
    matchRow = `| blip-itm-reference | ${conversionMs.toFixed(0)} | ${m.loadMs.toFixed(0)} | ${median(m.visionMs).toFixed(1)} | ${median(m.imageMs).toFixed(2)} | ${median(m.textMs).toFixed(2)} | ${median(m.totalMs).toFixed(1)} | ${m.peakRssMB.toFixed(0)} |`;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  process.stdout.write(
    [
      '## Tiny reference checkpoints (fp32)',
      '',
      `Load average ${os.loadavg()[0].toFixed(2)}; captions forced to ${LENGTH} tokens; medians over the images after the first.`,
      '',
      '| checkpoint | conversion (ms) | load (ms) | vision (ms) | cross K/V (ms) | decoder (ms/token) | total (ms) | peak RSS (MB) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      '## Tiny image-text matching checkpoint (fp32)',
      '',
      `Each image against the kit's ${matchTexts} texts in one batch; medians over the images after the first.`,
      '',
      '| checkpoint | conversion (ms) | load (ms) | vision (ms) | image graph (ms) | text graph (ms) | total per image (ms) | peak RSS (MB) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      matchRow,
      '',
    ].join('\n'),
  );
}
