/**
 * Agreement of quantized packs with float32 on the reference images: the tiny BLIP checkpoints of
 * test/fixtures, converted by our converter in each precision, decoding greedily (20 tokens at most)
 * from the reference's own pixel values; float32 reproduces the reference's ids exactly. Two figures:
 * free-running agreement (what a reader sees: once a caption takes another word, the rest usually
 * differs) and per-step agreement under teacher forcing (each choice judged on the reference's own
 * prefix). Also how close float32's choices are: the gap between its two best logits at each step,
 * in standard deviations of that step's logits. These random tiny models choose between near-ties
 * often, so small perturbations flip tokens more often than they would in a trained model.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readCheckpoint } from '../../src/inference/checkpoint';
import { generate, promptIds, resolveSettings } from '../../src/inference/generation';
import { convertCheckpoint } from '../../src/inference/onnx/convert';
import { tokenAgreement } from '../../src/inference/onnx/quantize/agreement';
import { ImageDecoder } from '../../src/inference/runtime/imageDecoder';
import { BlipSessions } from '../../src/inference/runtime/sessions';
import type { Precision } from '../../src/inference/types';
import { argmax, lowQuantiles, topTwoGap } from './logitStats';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures');
export const REFERENCE_SETS = ['blip-reference', 'blip-heldout'] as const;

interface Golden {
  images: Record<string, { greedy: { ids: number[] } }>;
}

export interface ReferenceAgreement {
  /** Per precision: the share of identical greedy token ids over both sets' images together. */
  agreement: Record<Precision, number>;
  /** Per precision: the share of reference positions where, fed the reference prefix, it picks the reference's next token. */
  stepAgreement: Record<Precision, number>;
  bySet: Record<string, Record<Precision, number>>;
  /** Float32's gap between the best and second-best logit, in standard deviations: quantiles. */
  marginQuantiles: { q10: number; q50: number };
  images: number;
}

export async function referenceAgreement(workDir: string, precisions: readonly Precision[]): Promise<ReferenceAgreement> {
  const pooled = new Map<Precision, { ref: number[][]; ids: number[][] }>(precisions.map((p) => [p, { ref: [], ids: [] }]));
  const bySet: Record<string, Record<Precision, number>> = {};
  const margins: number[] = [];
  const stepCounts = new Map<Precision, { same: number; total: number }>(precisions.map((p) => [p, { same: 0, total: 0 }]));
  let images = 0;
  for (const set of REFERENCE_SETS) {
    const checkpoint = await readCheckpoint(path.join(FIXTURES, set, 'tiny-blip'));
    const golden = JSON.parse(await fs.readFile(path.join(FIXTURES, set, 'golden.json'), 'utf8')) as Golden;
    const names = Object.keys(golden.images);
    images += names.length;
    const pixels = await Promise.all(names.map((name) => readFloat32(path.join(FIXTURES, set, 'pixel_values', `${name}.f32`))));
    const reference = names.map((name) => golden.images[name].greedy.ids);
    bySet[set] = {} as Record<Precision, number>;
    for (const precision of precisions) {
      const dir = path.join(workDir, `${set}-${precision}`);
      await convertCheckpoint(checkpoint, dir, { precision });
      const sessions = await BlipSessions.load(dir, checkpoint.config);
      const { text } = checkpoint.config;
      const settings = resolveSettings({ maxLength: 20 }, text.sepTokenId, 1, text.maxPositions);
      const ids: number[][] = [];
      for (const [i, values] of pixels.entries()) {
        const cross = await sessions.crossAttention(await sessions.encodeImage(values));
        ids.push(await generate(new ImageDecoder(sessions, cross), promptIds(undefined, text.bosTokenId), settings));
        const forced = await teacherForced(sessions, cross, reference[i]);
        if (precision === 'fp32') margins.push(...forced.margins);
        const steps = stepCounts.get(precision)!;
        steps.total += forced.choices.length;
        steps.same += forced.choices.filter((id, p) => id === reference[i][p + 1]).length;
      }
      await sessions.dispose();
      bySet[set][precision] = tokenAgreement(reference, ids);
      pooled.get(precision)!.ref.push(...reference);
      pooled.get(precision)!.ids.push(...ids);
    }
  }
  const agreement = Object.fromEntries(precisions.map((p) => [p, tokenAgreement(pooled.get(p)!.ref, pooled.get(p)!.ids)])) as Record<
    Precision,
    number
  >;
  const stepAgreement = Object.fromEntries(precisions.map((p) => [p, stepCounts.get(p)!.same / stepCounts.get(p)!.total])) as Record<
    Precision,
    number
  >;
  return { agreement, stepAgreement, bySet, marginQuantiles: lowQuantiles(margins), images };
}

/**
 * Teacher forcing: the reference sequence fed in one call; at each position, the model's best next
 * token and how decisive it was. Unlike free-running greedy decoding, one different choice does not
 * change the positions after it.
 */
async function teacherForced(
  sessions: BlipSessions,
  cross: Awaited<ReturnType<BlipSessions['crossAttention']>>,
  ids: readonly number[],
): Promise<{ choices: number[]; margins: number[] }> {
  const { logits } = await sessions.decode(BigInt64Array.from(ids, BigInt), ids.length, sessions.emptyCache(1), cross);
  const vocab = sessions.config.text.vocabSize;
  const rows = Array.from({ length: ids.length - 1 }, (_, p) => logits.subarray(p * vocab, (p + 1) * vocab));
  return { choices: rows.map(argmax), margins: rows.map(topTwoGap) };
}

async function readFloat32(file: string): Promise<Float32Array> {
  const bytes = await fs.readFile(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
