/**
 * `npm run bench -- preprocess [--rounds N]`: image preprocessing speed, the part of a caption that
 * runs before the model. Times the bicubic resize of a 512x512 photograph to BLIP-base's 384x384
 * (the port of Pillow's resampling) and the whole decode + resize + normalise of every fixture image.
 *
 * The resize has a budget of 100 ms (median): the preprocessing thread prepares the next image while
 * the model captions this one, and a caption takes about half a second at best, so preprocessing
 * stays off the critical path with room to spare. The benchmark says when the budget is exceeded
 * (exit code 1); the unit tests check only that the pixels are right.
 */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeImage, loadImageProcessorConfig, preprocessImage, resizeBicubic } from '../../src/inference/image/index';
import { option } from './args';
import { median, timed } from './stats';

const FIXTURES = path.join(__dirname, '../../test/fixtures');
const RESIZE_BUDGET_MS = 100;

export async function run(args: string[]): Promise<void> {
  const rounds = Number(option(args, '--rounds') ?? 15);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number of rounds, 1 or more');

  const photo = await decodeImage(path.join(FIXTURES, 'blip-reference/images/astronaut.png'));
  resizeBicubic(photo, 384, 384); // warm-up: the first call compiles the kernels
  const resize = Array.from({ length: rounds }, () => timed(() => resizeBicubic(photo, 384, 384)));

  const rows: string[] = [];
  for (const set of ['blip-reference', 'blip-heldout']) {
    const config = await loadImageProcessorConfig(path.join(FIXTURES, set, 'tiny-blip'));
    const dir = path.join(FIXTURES, set, 'images');
    for (const file of (await readdir(dir)).sort()) {
      const times: number[] = [];
      for (let i = 0; i < Math.min(rounds, 5); i++) {
        const started = performance.now();
        await preprocessImage(path.join(dir, file), config);
        times.push(performance.now() - started);
      }
      rows.push(`| ${set}/${file} | ${config.size.height}x${config.size.width} | ${median(times).toFixed(1)} |`);
    }
  }

  const resizeMedian = median(resize);
  const within = resizeMedian < RESIZE_BUDGET_MS;
  process.stdout.write(
    [
      '## Image preprocessing',
      '',
      `Load average ${os.loadavg()[0].toFixed(2)}; ${rounds} rounds.`,
      '',
      `Resize ${photo.width}x${photo.height} -> 384x384 (bicubic): median ${resizeMedian.toFixed(1)} ms, best ${Math.min(...resize).toFixed(1)} ms; budget ${RESIZE_BUDGET_MS} ms: ${within ? 'within' : 'EXCEEDED'}.`,
      '',
      '| image | to | decode + resize + normalise, median (ms) |',
      '| --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
  if (!within) process.exitCode = 1;
}
