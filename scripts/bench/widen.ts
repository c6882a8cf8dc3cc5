/**
 * `npm run bench -- widen [--millions N]`: how fast checkpoint tensors become float32. Every
 * storage dtype a torch or safetensors checkpoint may hold is widened from unaligned bytes (as a
 * tensor sits inside an archive), beside a plain copy of the same bytes, the floor any widening
 * has to pay. BLIP-large in float16 is 470 million elements: at 10 M/s that alone would be most
 * of a minute of the conversion.
 */
import os from 'node:os';
import { decodeToFloat32, DTYPE_BYTES, type StorageDtype } from '../../src/inference/checkpoint/dtypes';
import { option } from './args';
import { median, timed } from './stats';

const DTYPES: StorageDtype[] = ['F32', 'F16', 'BF16', 'F64', 'I64', 'I32'];

export async function run(args: string[]): Promise<void> {
  const millions = Number(option(args, '--millions') ?? 16);
  if (!(millions > 0)) throw new Error('--millions takes a number of elements, in millions, above 0');
  const count = Math.round(millions * 1e6);
  const rows: string[] = [];
  for (const dtype of DTYPES) {
    const width = DTYPE_BYTES[dtype];
    const file = Buffer.alloc(count * width + 1);
    // Bytes that are valid numbers of every dtype, varied so no branch predicts them.
    for (let i = 1; i < file.length; i++) file[i] = (i * 2654435761) >>> 27;
    const raw = file.subarray(1);
    const copy = Array.from({ length: 5 }, () => timed(() => Uint8Array.from(raw)));
    decodeToFloat32(raw, dtype, true);
    const little = Array.from({ length: 5 }, () => timed(() => decodeToFloat32(raw, dtype, true)));
    const big = Array.from({ length: 3 }, () => timed(() => decodeToFloat32(raw, dtype, false)));
    const rate = (ms: number) => (count / 1e6 / (ms / 1000)).toFixed(0);
    rows.push(
      `| ${dtype} | ${rate(median(little))} | ${rate(median(big))} | ${rate(median(copy))} | ${(median(little) / median(copy)).toFixed(2)}x |`,
    );
  }
  process.stdout.write(
    [
      '## Widening checkpoint tensors to float32',
      '',
      `Load average ${os.loadavg()[0].toFixed(2)}; ${millions} M elements a dtype, medians of 5 runs (3 big-endian).`,
      '',
      '| dtype | little-endian (M elements/s) | big-endian (M elements/s) | copy of the bytes (M elements/s) | little-endian / copy (time) |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}
