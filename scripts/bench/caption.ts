/**
 * Captioning speed against this machine's limit, with the quantized variants and the batch path.
 *
 *   npm run bench [-- caption] [--quick] [--json FILE] [--no-large] [--keep]
 *
 * Everything runs on BLIP-shaped checkpoints with seeded random weights written into a temporary
 * folder (the published models' exact shapes; nothing downloaded, nothing committed), converted by
 * our converter through the model store as on first use. Captions are forced to 20 tokens
 * (minimum = maximum length) so that every figure counts the same work. Each pack is timed in a child
 * process of its own, so that its peak memory is the captioner's alone. See docs/performance.md.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint } from '../../src/inference/checkpoint';
import type { BlipConfig } from '../../src/inference/checkpoint/config';
import { buildDecoderGraph } from '../../src/inference/onnx/blip/decoder';
import { GRAPH_FILES } from '../../src/inference/onnx/blip/io';
import { OPSETS } from '../../src/inference/onnx/blip/layers';
import { WeightReader } from '../../src/inference/onnx/blip/weights';
import { tokenAgreement } from '../../src/inference/onnx/quantize/agreement';
import { writeModel } from '../../src/inference/onnx/write';
import { packFor } from '../../src/inference/pack';
import type { Precision } from '../../src/inference/types';
import { writeRandomBlipCheckpoint, type BlipShape } from '../lib/randomBlip';
import { option } from './args';
import type { BatchResult, BatchTask } from './batchProbe';
import { captionCost, captionFloor, decoderWeightShapes, weightBytes, type Limits } from './blipCost';
import type { ProbeResult, ProbeTask } from './captionProbe';
import { runInChild } from './child';
import { bundleInference, measureColdStart } from './coldStart';
import { writeBenchImages } from './images';
import { lowQuantiles } from './logitStats';
import { measureGemm, measureStream, visionShapes, type GemmLimit, type StreamLimit } from './limit';
import { describeMachine, loadAverage } from './machine';
import type { NoCrossCacheResult, NoCrossCacheTask } from './noCrossCacheProbe';
import { referenceAgreement } from './referenceAgreement';
import { printReport, type CaptionReport, type VariantFigures } from './report';
import { median } from './stats';

const PRECISIONS: readonly Precision[] = ['fp32', 'int8', 'q4'];
/** Tokens per caption, the start token included: 19 decoder steps. */
const LENGTH = 20;
const STEPS = LENGTH - 1;

interface Plan {
  quick: boolean;
  /** Images per pack probe; the first one warms up. */
  probeImages: number;
  batchImages: number;
  singles: number;
  limitReps: number;
  large: boolean;
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const jsonFile = option(args, '--json');
  const plan: Plan = quick
    ? { quick, probeImages: 3, batchImages: 8, singles: 3, limitReps: 5, large: false }
    : { quick, probeImages: 7, batchImages: 32, singles: 4, limitReps: 15, large: !args.includes('--no-large') };
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'alt-text-caption-bench-'));
  const log = (line: string) => process.stderr.write(`[bench caption] ${line}\n`);
  const started = performance.now();
  const loadAtStart = loadAverage();
  try {
    const cacheDir = path.join(work, 'cache');
    const images = await writeBenchImages(path.join(work, 'images'), plan.batchImages + plan.singles);
    const batchImages = images.slice(0, plan.batchImages);
    const singles = images.slice(plan.batchImages);
    const probeImages = images.slice(0, plan.probeImages);

    log('machine limits: MatMul on the vision shapes, streaming decoder-sized weights');
    const base = await randomCheckpoint(work, 'base', log);
    const { config } = await readCheckpoint(base.dir);
    const limits = await measureLimits(config, plan.limitReps);

    const variants = {} as Record<Precision, VariantFigures>;
    const probes = {} as Record<Precision, ProbeResult>;
    const packs = {} as Record<Precision, string>;
    for (const precision of PRECISIONS) {
      log(`${precision}: converting and timing`);
      const { packDir, conversionMs, packMB } = await convert(base.dir, cacheDir, precision);
      packs[precision] = packDir;
      const probe = await runInChild<ProbeResult>(path.join(__dirname, 'captionProbe.ts'), {
        packDir,
        cacheDir,
        images: probeImages,
        length: LENGTH,
      } satisfies ProbeTask);
      probes[precision] = probe;
      variants[precision] = figures(config, precision, limits, probe, conversionMs, packMB);
    }
    for (const precision of PRECISIONS.filter((p) => p !== 'fp32')) {
      variants[precision].speedup = variants.fp32.totalMs / variants[precision].totalMs;
      variants[precision].agreementRandomBase = tokenAgreement(probes.fp32.ids, probes[precision].ids);
    }

    log('fp32 without the cross-attention cache');
    const noCache = await noCrossCacheRun(work, base.dir, config, packs.fp32, probeImages);
    variants.fp32.noCrossCacheTotalMs = median(noCache.totalMs);
    variants.fp32.noCrossCacheDecoderMsPerToken = median(noCache.stepMs);
    variants.fp32.noCrossCacheIdsMatch = noCache.ids.every((ids, i) => ids.join() === probes.fp32.ids[i].join());

    log('cold start (bundled worker, first caption)');
    const bundleDir = await bundleInference(work);
    for (const precision of PRECISIONS) {
      const cold = await measureColdStart(bundleDir, packs[precision], cacheDir, singles[0], LENGTH);
      variants[precision].coldStartMs = cold.totalMs;
      variants[precision].coldStart = cold;
    }

    log(`batch: ${batchImages.length} images through the worker, then from the caption cache`);
    const batch = await runInChild<BatchResult>(path.join(__dirname, 'batchProbe.ts'), {
      packDir: packs.fp32,
      cacheDir,
      images: batchImages,
      singles,
      length: LENGTH,
      captionCacheFile: path.join(work, 'captions.json'),
    } satisfies BatchTask);

    log('agreement on the reference images');
    const reference = await referenceAgreement(path.join(work, 'reference'), PRECISIONS);
    for (const precision of PRECISIONS) {
      variants[precision].agreement = reference.agreement[precision];
      variants[precision].stepAgreement = reference.stepAgreement[precision];
      variants[precision].agreementBySet = Object.fromEntries(Object.entries(reference.bySet).map(([set, a]) => [set, a[precision]]));
    }

    let large: CaptionReport['large'];
    if (plan.large) {
      log('large-shaped checkpoint (fp32, int8)');
      large = await largeRun(work, probeImages, log);
    }

    const singleMs = median(batch.singleMs);
    const report: CaptionReport = {
      mode: quick ? 'quick' : 'full',
      machine: describeMachine(),
      loadAverage: { start: loadAtStart, end: loadAverage() },
      seconds: (performance.now() - started) / 1000,
      checkpointWriteMs: base.writeMs,
      length: LENGTH,
      probeImages: probeImages.length - 1,
      limit: {
        gemmGflops: limits.fp32.gemm.gflops,
        streamGBps: limits.fp32.stream.gbps,
        byPrecision: Object.fromEntries(
          PRECISIONS.map((p) => [
            p,
            {
              gemmGflops: limits[p].gemm.gflops,
              streamGBps: limits[p].stream.gbps,
              streamMB: limits[p].stream.bytes / 1e6,
              shapes: limits[p].gemm.shapes,
            },
          ]),
        ),
      },
      ...variants,
      batch: {
        images: batchImages.length,
        imagesPerMinute: (batchImages.length * 60000) / batch.batchMs,
        singleImageMs: singleMs,
        singleImagesPerMinute: 60000 / singleMs,
        ratioToSingle: (batchImages.length * singleMs) / batch.batchMs,
        cachedImagesPerMinute: (batchImages.length * 60000) / batch.cachedMs,
        cacheHits: batch.cacheHits,
        peakRssMB: batch.peakRssMB,
      },
      reference: { images: reference.images, marginQuantiles: reference.marginQuantiles },
      randomBase: { marginQuantiles: lowQuantiles(probes.fp32.margins) },
      large,
    };
    printReport(report);
    if (jsonFile) {
      await fs.writeFile(jsonFile, JSON.stringify(report, null, 2) + '\n');
      log(`figures written to ${jsonFile}`);
    }
  } finally {
    if (args.includes('--keep')) log(`files kept in ${work}`);
    else await fs.rm(work, { recursive: true, force: true });
  }
}

async function randomCheckpoint(work: string, shape: BlipShape, log: (line: string) => void): Promise<{ dir: string; writeMs: number }> {
  const dir = path.join(work, `${shape}-checkpoint`);
  const start = performance.now();
  await writeRandomBlipCheckpoint(dir, shape, 1);
  const writeMs = performance.now() - start;
  log(`${shape}-shaped random checkpoint written in ${(writeMs / 1000).toFixed(1)} s`);
  return { dir, writeMs };
}

/** The first-use path: the model store converts the checkpoint into its cache, hashing and all. */
async function convert(checkpointDir: string, cacheDir: string, precision: Precision) {
  const start = performance.now();
  const packDir = await packFor(checkpointDir, { cacheDir, precision });
  const conversionMs = performance.now() - start;
  let bytes = 0;
  for (const name of await fs.readdir(packDir)) bytes += (await fs.stat(path.join(packDir, name))).size;
  return { packDir, conversionMs, packMB: bytes / 1e6 };
}

type MeasuredLimits = Record<Precision, { gemm: GemmLimit; stream: StreamLimit }>;

async function measureLimits(config: BlipConfig, reps: number): Promise<MeasuredLimits> {
  const shapes = visionShapes(
    (config.vision.imageSize / config.vision.patchSize) ** 2 + 1,
    config.vision.hiddenSize,
    config.vision.intermediateSize,
  );
  const decoderShapes = decoderWeightShapes(config);
  const out = {} as MeasuredLimits;
  for (const precision of PRECISIONS) {
    const bytes = decoderShapes.reduce((a, [k, n]) => a + weightBytes(k, n, precision), 0);
    out[precision] = {
      gemm: await measureGemm(shapes, precision, reps),
      stream: await measureStream(decoderShapes, precision, bytes, reps * 2),
    };
  }
  return out;
}

function limitsFor(limits: MeasuredLimits, precision: Precision): Limits {
  return {
    gemmGflops: limits[precision].gemm.gflops,
    floatGemmGflops: limits.fp32.gemm.gflops,
    streamGBps: limits[precision].stream.gbps,
    floatStreamGBps: limits.fp32.stream.gbps,
  };
}

function figures(
  config: BlipConfig,
  precision: Precision,
  limits: MeasuredLimits,
  probe: ProbeResult,
  conversionMs: number,
  packMB: number,
): VariantFigures {
  const floor = captionFloor(captionCost(config, precision), limitsFor(limits, precision), STEPS);
  const totalMs = median(probe.totalMs);
  return {
    conversionMs,
    packMB,
    loadMs: probe.loadMs,
    visionMs: median(probe.visionMs),
    crossKvMs: median(probe.crossKvMs),
    decoderMsPerToken: median(probe.stepMs),
    totalMs,
    floorMs: floor.totalMs,
    floor,
    totalOverFloor: totalMs / floor.totalMs,
    peakRssMB: probe.peakRssMB,
    rssAfterLoadMB: probe.rssAfterLoadMB,
  };
}

/** The fp32 decoder rebuilt to recompute cross-attention keys and values at every step, timed alike. */
async function noCrossCacheRun(
  work: string,
  checkpointDir: string,
  config: BlipConfig,
  packDir: string,
  images: string[],
): Promise<NoCrossCacheResult> {
  const decoderFile = path.join(work, 'no-cross-cache', GRAPH_FILES.decoder);
  await fs.mkdir(path.dirname(decoderFile), { recursive: true });
  {
    const { weights } = await readCheckpoint(checkpointDir);
    await writeModel(buildDecoderGraph(config, new WeightReader(weights), { crossAttention: 'recomputed' }), decoderFile, {
      opsets: OPSETS,
      producerVersion: 'bench',
    });
  }
  return runInChild<NoCrossCacheResult>(path.join(__dirname, 'noCrossCacheProbe.ts'), {
    packDir,
    decoderFile,
    images,
    length: LENGTH,
  } satisfies NoCrossCacheTask);
}

/** BLIP-large's shapes: conversion, load, timings and memory for fp32 and int8. */
async function largeRun(work: string, images: string[], log: (line: string) => void): Promise<NonNullable<CaptionReport['large']>> {
  const large = await randomCheckpoint(work, 'large', log);
  const { config } = await readCheckpoint(large.dir);
  const cacheDir = path.join(work, 'cache-large');
  const limits = await measureLimits(config, 5);
  const out: NonNullable<CaptionReport['large']> = {};
  for (const precision of ['fp32', 'int8'] as const) {
    const { packDir, conversionMs, packMB } = await convert(large.dir, cacheDir, precision);
    const probe = await runInChild<ProbeResult>(path.join(__dirname, 'captionProbe.ts'), {
      packDir,
      cacheDir,
      images,
      length: LENGTH,
    } satisfies ProbeTask);
    out[precision] = figures(config, precision, limits, probe, conversionMs, packMB);
    await fs.rm(packDir, { recursive: true, force: true });
  }
  out.int8!.speedup = out.fp32!.totalMs / out.int8!.totalMs;
  await fs.rm(large.dir, { recursive: true, force: true });
  return out;
}
