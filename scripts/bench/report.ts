/** The captioning benchmark's figures: their JSON shape and the Markdown tables printed from them. */
import type { Precision } from '../../src/inference/types';
import type { Floor } from './blipCost';
import type { ColdStart } from './coldStart';
import type { MatMulShape } from './limit';
import type { Machine } from './machine';

export interface VariantFigures {
  conversionMs: number;
  /** Every file of the pack on disk. */
  packMB: number;
  loadMs: number;
  visionMs: number;
  crossKvMs: number;
  decoderMsPerToken: number;
  /** One caption of 20 tokens: vision, cross keys/values, 19 decoder steps, detokenizing. */
  totalMs: number;
  floorMs: number;
  floor: Floor;
  totalOverFloor: number;
  peakRssMB: number;
  rssAfterLoadMB: number;
  coldStartMs?: number;
  coldStart?: ColdStart;
  /** fp32 total over this variant's. */
  speedup?: number;
  /** Identical greedy token ids on the reference images, both sets together (0..1). */
  agreement?: number;
  agreementBySet?: Record<string, number>;
  /** The same images under teacher forcing: each next-token choice on the reference's prefix (0..1). */
  stepAgreement?: number;
  /** Identical token ids on the random base-shaped model's forced-length captions (0..1). */
  agreementRandomBase?: number;
  noCrossCacheTotalMs?: number;
  noCrossCacheDecoderMsPerToken?: number;
  /** The recomputing decoder chose the same tokens (it computes the same function). */
  noCrossCacheIdsMatch?: boolean;
}

export interface CaptionReport {
  mode: 'quick' | 'full';
  machine: Machine;
  loadAverage: { start: number; end: number };
  seconds: number;
  checkpointWriteMs: number;
  length: number;
  probeImages: number;
  limit: {
    gemmGflops: number;
    streamGBps: number;
    byPrecision: Record<
      string,
      { gemmGflops: number; streamGBps: number; streamMB: number; shapes: (MatMulShape & { ms: number; gflops: number })[] }
    >;
  };
  fp32: VariantFigures;
  int8: VariantFigures;
  q4: VariantFigures;
  batch: {
    images: number;
    imagesPerMinute: number;
    singleImageMs: number;
    singleImagesPerMinute: number;
    /** Batch throughput over single-image throughput (target at least 0.9). */
    ratioToSingle: number;
    cachedImagesPerMinute: number;
    cacheHits: number;
    peakRssMB: number;
  };
  reference: { images: number; marginQuantiles: { q10: number; q50: number } };
  randomBase: { marginQuantiles: { q10: number; q50: number } };
  large?: Partial<Record<Precision, VariantFigures>>;
}

const ms = (v: number | undefined) => (v === undefined ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(1)}%`);
const x = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(2)}x`);

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function variantRows(columns: [string, VariantFigures][]): string[][] {
  const row = (label: string, f: (v: VariantFigures) => string) => [label, ...columns.map(([, v]) => f(v))];
  return [
    row('conversion (s)', (v) => (v.conversionMs / 1000).toFixed(1)),
    row('pack on disk (MB)', (v) => v.packMB.toFixed(0)),
    row('model load (ms)', (v) => ms(v.loadMs)),
    row('vision (ms)', (v) => ms(v.visionMs)),
    row('cross-attention K/V (ms)', (v) => ms(v.crossKvMs)),
    row('decoder (ms/token)', (v) => ms(v.decoderMsPerToken)),
    row('total, 20 tokens (ms)', (v) => ms(v.totalMs)),
    row('floor (ms)', (v) => ms(v.floorMs)),
    row('total / floor', (v) => x(v.totalOverFloor)),
    row('speed-up over fp32', (v) => (v.speedup === undefined ? '1.00x' : x(v.speedup))),
    row('peak RSS (MB)', (v) => v.peakRssMB.toFixed(0)),
    row('cold start (ms)', (v) => ms(v.coldStartMs)),
    row('agreement, reference images', (v) => pct(v.agreement)),
    row('per-step agreement, reference images', (v) => pct(v.stepAgreement)),
    row('agreement, random base model', (v) => (v.agreementRandomBase === undefined ? '-' : pct(v.agreementRandomBase))),
  ];
}

export function printReport(r: CaptionReport): void {
  const m = r.machine;
  const out: string[] = [];
  out.push(`## Captioning benchmark (${r.mode})`, '');
  out.push(
    `${m.cpu}, ${m.cpus} CPUs (${m.flags.join(' ')}), ${m.memoryGB.toFixed(0)} GB; Node ${m.node}, onnxruntime-node ${m.onnxruntime}.`,
  );
  out.push(
    `Load average ${r.loadAverage.start.toFixed(2)} at the start, ${r.loadAverage.end.toFixed(2)} at the end; ${r.seconds.toFixed(0)} s in all.`,
  );
  if (Math.max(r.loadAverage.start, r.loadAverage.end) > m.cpus - 0.5) {
    out.push(
      `**Other work was running** (load average near or above the ${m.cpus} CPUs): timings include waiting for it; run again on a quiet machine.`,
    );
  }
  out.push(
    `Captions forced to ${r.length} tokens; medians over ${r.probeImages} images after one warm-up image; random base-shaped weights.`,
    '',
  );
  out.push('### Limits (onnxruntime MatMul, this run, fastest of several runs)', '');
  out.push(
    table(
      ['precision', 'GEMM on vision shapes (GFLOP/s)', 'streaming decoder weights (GB/s)', 'decoder weights (MB)'],
      Object.entries(r.limit.byPrecision).map(([p, l]) => [p, l.gemmGflops.toFixed(0), l.streamGBps.toFixed(1), l.streamMB.toFixed(0)]),
    ),
  );
  out.push('');
  out.push('### BLIP-base', '');
  out.push(
    table(
      ['', 'fp32', 'int8', 'q4'],
      variantRows([
        ['fp32', r.fp32],
        ['int8', r.int8],
        ['q4', r.q4],
      ]),
    ),
  );
  out.push('');
  out.push(
    `Floor: vision and cross K/V FLOPs at the GEMM limit, plus 19 decoder steps each streaming the decoder's weights and the image's cross K/V (${ms(r.fp32.floor.decoderMsPerStep)} ms/step in fp32) at the streaming limit.`,
    '',
  );
  out.push('### The cross-attention cache', '');
  out.push(
    table(
      ['fp32, 20 tokens', 'decoder (ms/token)', 'total (ms)'],
      [
        ['cross K/V once per image (ours)', ms(r.fp32.decoderMsPerToken), ms(r.fp32.totalMs)],
        ['recomputed at every step', ms(r.fp32.noCrossCacheDecoderMsPerToken), ms(r.fp32.noCrossCacheTotalMs)],
      ],
    ),
  );
  out.push(
    '',
    `Gain: ${x((r.fp32.noCrossCacheTotalMs ?? NaN) / r.fp32.totalMs)} per caption; same tokens: ${r.fp32.noCrossCacheIdsMatch ? 'yes' : 'no'}.`,
    '',
  );
  out.push('### Batch (fp32, CaptionWorker, caption cache)', '');
  out.push(
    table(
      ['', 'images/minute'],
      [
        [`${r.batch.images} distinct images, all requests at once`, r.batch.imagesPerMinute.toFixed(1)],
        [`one image at a time (${ms(r.batch.singleImageMs)} ms each)`, r.batch.singleImagesPerMinute.toFixed(1)],
        ['batch / single', x(r.batch.ratioToSingle)],
        [`the same ${r.batch.images} again, from the caption cache (${r.batch.cacheHits} hits)`, r.batch.cachedImagesPerMinute.toFixed(0)],
      ],
    ),
  );
  const margins = (q: { q10: number; q50: number }) =>
    `under ${q.q10.toFixed(3)} standard deviations of the step's logits at 10% of steps (median ${q.q50.toFixed(3)})`;
  out.push(
    '',
    `How decisive float32's choices are (the gap between its two best logits): on the reference images (${r.reference.images}, tiny random checkpoints) ${margins(r.reference.marginQuantiles)}; on the random base-shaped model ${margins(r.randomBase.marginQuantiles)}. Agreement is the share of identical greedy token ids, free-running; per-step agreement feeds each model the float32 sequence and compares its next-token choice.`,
  );
  if (r.large) {
    const columns = Object.entries(r.large) as [string, VariantFigures][];
    out.push('', '### BLIP-large-shaped', '');
    out.push(
      table(
        ['', ...columns.map(([p]) => p)],
        variantRows(columns).filter((row) => !row[0].startsWith('agreement') && !row[0].startsWith('cold')),
      ),
    );
  }
  process.stdout.write(out.join('\n') + '\n');
}
