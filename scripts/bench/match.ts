/**
 * `npm run bench -- match [--large]`: image-text matching on a checkpoint with the exact shapes of
 * Salesforce/blip-itm-base-coco (or -large-coco) and seeded random weights, written into a temporary
 * folder (nothing downloaded, nothing committed): conversion through the model store, load, and per
 * image the vision graph, the image graph (cross-attention keys and values, ITC feature), ITM and
 * ITC for one alt text and for a batch of eight, and the peak memory of the matching process.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { packFor } from '../../src/inference/pack';
import { ITM_SHAPES, writeRandomItmCheckpoint } from '../lib/randomBlipItm';
import { runInChild } from './child';
import type { MatchProbeResult, MatchProbeTask } from './matchProbe';
import { median } from './stats';

const IMAGES = path.join(__dirname, '../../test/fixtures/blip-reference/images');
const ALT_TEXTS = [
  'a cat on the table',
  'a cup of coffee',
  'the red rocket in the blue sky',
  'a man with a camera',
  'a photo of a dog',
  'coffee',
  'a blue sky',
  'a cat',
];

export async function run(args: string[]): Promise<void> {
  const shape = args.includes('--large') ? 'large' : 'base';
  const work = await mkdtemp(path.join(os.tmpdir(), 'lat-bench-match-'));
  try {
    const checkpointDir = path.join(work, 'checkpoint');
    await writeRandomItmCheckpoint(checkpointDir, ITM_SHAPES[shape], 1);
    const cacheDir = path.join(work, 'cache');
    const started = performance.now();
    const packDir = await packFor(checkpointDir, { cacheDir, precision: 'fp32' });
    const conversionS = (performance.now() - started) / 1000;
    const images = (await readdir(IMAGES))
      .sort()
      .map((f) => path.join(IMAGES, f))
      .slice(0, 5);
    const rows: string[] = [];
    for (const texts of [ALT_TEXTS.slice(0, 1), ALT_TEXTS]) {
      const m = await runInChild<MatchProbeResult>(path.join(__dirname, 'matchProbe.ts'), {
        packDir,
        cacheDir,
        images,
        texts,
      } satisfies MatchProbeTask);
      rows.push(
        `| ${texts.length} | ${(m.loadMs / 1000).toFixed(1)} | ${median(m.visionMs).toFixed(0)} | ${median(m.imageMs).toFixed(0)} | ${median(m.textMs).toFixed(0)} | ${median(m.totalMs).toFixed(0)} | ${(m.peakRssMB / 1000).toFixed(2)} |`,
      );
    }
    process.stdout.write(
      [
        `## Image-text matching, BLIP-${shape}-shaped checkpoint (fp32)`,
        '',
        `Load average ${os.loadavg()[0].toFixed(2)}; conversion ${conversionS.toFixed(1)} s; medians over ${images.length - 1} images after the first; ` +
          'the text graph scores every text with both heads (ITM with the image, ITC without).',
        '',
        '| texts | load (s) | vision (ms) | image graph (ms) | text graph (ms) | total per image (ms) | peak RSS (GB) |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
