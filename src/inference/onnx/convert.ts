import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BlipConfig } from '../checkpoint/config';
import type { Tensor } from '../checkpoint/tensor';
import { PRECISIONS, type Precision } from '../types';
import type { GraphBuilder } from './builder';
import { buildCrossKvGraph } from './blip/crossKv';
import { buildDecoderGraph } from './blip/decoder';
import { GRAPH_FILES } from './blip/io';
import { buildItmImageGraph } from './blip/itmImage';
import { ITM_GRAPH_FILES } from './blip/itmIo';
import { buildTextGraph } from './blip/textEncoder';
import { OPSETS } from './blip/layers';
import { buildVisionGraph } from './blip/vision';
import { ConversionError, WeightReader } from './blip/weights';
import { writeModel, type WrittenFile } from './write';

/**
 * Changes whenever the graphs this converter writes change in a way a cached pack must not survive
 * (layout, operators, names). Packs record it; a different value means re-conversion.
 */
export const CONVERTER_VERSION = '2';

export interface ConvertOptions {
  precision?: Precision;
  /** Force weights into side files (true) or inline (false); decided by size when absent. */
  externalData?: boolean;
}

/** What the converter contributes to a pack's manifest. */
export interface PackManifestFragment {
  converterVersion: string;
  precision: Precision;
  /** What the pack does: caption images, or score how well a text matches an image. */
  task: BlipConfig['task'];
  graphs: typeof GRAPH_FILES | typeof ITM_GRAPH_FILES;
  /** Every file written, with its size in bytes. */
  files: WrittenFile[];
}

/**
 * Writes vision.onnx, cross_kv.onnx and decoder.onnx for a BLIP captioning checkpoint into outDir;
 * for an image-text matching checkpoint (`BlipForImageTextRetrieval`) vision.onnx, itm_image.onnx
 * and itm_text.onnx (see blip/itmIo.ts).
 * Graphs are built and written one at a time so that only one graph's transposed weights are held
 * in memory besides the checkpoint itself.
 */
export async function convertCheckpoint(
  checkpoint: { config: BlipConfig; weights: Map<string, Tensor> },
  outDir: string,
  options: ConvertOptions = {},
): Promise<PackManifestFragment> {
  const precision = options.precision ?? 'fp32';
  if (!PRECISIONS.includes(precision)) throw new ConversionError(`unknown precision '${precision}'; expected ${PRECISIONS.join(', ')}`);
  await fs.mkdir(outDir, { recursive: true });
  const weights = new WeightReader(checkpoint.weights);
  const { config } = checkpoint;
  const matching = config.task === 'image-text-matching';
  const builders: [string, () => GraphBuilder][] = matching
    ? [
        [ITM_GRAPH_FILES.vision, () => buildVisionGraph(config.vision, weights, precision)],
        [ITM_GRAPH_FILES.image, () => buildItmImageGraph(config, weights, precision)],
        [ITM_GRAPH_FILES.text, () => buildTextGraph(config, weights, { precision })],
      ]
    : [
        [GRAPH_FILES.vision, () => buildVisionGraph(config.vision, weights, precision)],
        [GRAPH_FILES.crossKv, () => buildCrossKvGraph(config, weights, precision)],
        [GRAPH_FILES.decoder, () => buildDecoderGraph(config, weights, { precision })],
      ];
  const files: WrittenFile[] = [];
  for (const [file, build] of builders) {
    const written = await writeModel(build(), path.join(outDir, file), {
      opsets: OPSETS,
      producerVersion: CONVERTER_VERSION,
      externalData: options.externalData,
      metadata: { converter_version: CONVERTER_VERSION, precision, task: config.task },
    });
    files.push(...written);
  }
  return { converterVersion: CONVERTER_VERSION, precision, task: config.task, graphs: matching ? ITM_GRAPH_FILES : GRAPH_FILES, files };
}
