import type { ImageTextMatcher } from '../inference/matcher';
import { hasAltToVerify, mismatchedAltProblem } from '../rules/mismatchedAlt';
import type { Problem } from '../rules/types';
import { modelFolderFor, unusableModel, type ModelLoadIo } from './captionOptions';
import { relativeToCwd, type CheckedImage } from './checkDocuments';
import { createHash } from 'node:crypto';
import { readRegularFile } from '../inference/regularFile';

/** `check --verify-alt`: which matching model, and where its probability of match is too low. */
export interface VerifyAltOptions {
  /** A matching checkpoint folder, a converted pack, or hub:OWNER/NAME[@REVISION]. */
  model: string;
  threshold: number;
  cacheDir?: string;
  /** Largest image file read, in bytes. */
  maxImageBytes: number;
}

/** What matching made of one image's alt text: its scores, or why it was not scored. */
export type AltVerification = { itm: number; cosine: number } | { notScored: string };

export interface VerifyAltResult {
  /** Every image with alt text, scored or not. */
  verified: Map<CheckedImage, AltVerification>;
  /** The `mismatched-alt` problem of each image below the threshold. */
  problems: Map<CheckedImage, Problem>;
}

/**
 * Scores the alt text of every image that has some against the picture, with BLIP image-text
 * matching in this process, each distinct picture read and encoded once; then turns the scores
 * into problems. Only image files are scored: a remote or inline image is listed as not scored, as
 * `fix` leaves it. The model loads only when there is something to score.
 */
export async function verifyAlt(
  images: readonly CheckedImage[],
  options: VerifyAltOptions,
  cwd: string,
  io: ModelLoadIo,
): Promise<VerifyAltResult> {
  const verified = new Map<CheckedImage, AltVerification>();
  const items: ScoreItem[] = images
    .filter((image) => hasAltToVerify(image.ref))
    .map((image) => ({ image, problem: unscorable(image, cwd) }));
  const distinct = await groupByContent(items, options.maxImageBytes);
  for (const item of items) if (item.problem) verified.set(item.image, { notScored: item.problem });

  if (distinct.length) {
    const matcher = await loadMatcher(options, io);
    try {
      for (const picture of distinct) {
        const alts = [...new Set(picture.items.map((item) => item.image.ref.alt!))];
        try {
          const scores = await matcher.score(picture.file, alts);
          const byAlt = new Map(scores.map((s) => [s.text, s]));
          for (const item of picture.items) {
            const s = byAlt.get(item.image.ref.alt!)!;
            verified.set(item.image, { itm: s.itm, cosine: s.cosine });
          }
        } catch (err) {
          const why = `the image cannot be scored: ${err instanceof Error ? err.message : String(err)}`;
          for (const item of picture.items) verified.set(item.image, { notScored: why });
        }
      }
    } finally {
      await matcher.dispose();
    }
  }
  return { verified, problems: mismatchedAltProblems(verified, options.threshold) };
}

/** Scores and a threshold into one `mismatched-alt` problem per image below it. */
export function mismatchedAltProblems(verified: ReadonlyMap<CheckedImage, AltVerification>, threshold: number): Map<CheckedImage, Problem> {
  const problems = new Map<CheckedImage, Problem>();
  for (const [image, outcome] of verified) {
    if (!('itm' in outcome)) continue;
    const problem = mismatchedAltProblem({ alt: image.ref.alt!, itm: outcome.itm }, threshold);
    if (problem) problems.set(image, problem);
  }
  return problems;
}

/** An image with alt text to score, and why it cannot be, once known. */
interface ScoreItem {
  image: CheckedImage;
  problem?: string;
}

/**
 * The scorable items grouped by the bytes of their image, each file read once: copies of a picture
 * under other names are encoded once. An unreadable file fails only its own items.
 */
async function groupByContent(items: readonly ScoreItem[], maxBytes: number): Promise<{ file: string; items: ScoreItem[] }[]> {
  const byFile = new Map<string, ScoreItem[]>();
  for (const item of items) {
    if (item.problem) continue;
    const file = item.image.source.resolved!;
    byFile.set(file, [...(byFile.get(file) ?? []), item]);
  }
  const byHash = new Map<string, { file: string; items: ScoreItem[] }>();
  for (const [file, group] of byFile) {
    let sha256: string;
    try {
      sha256 = createHash('sha256')
        .update(await readRegularFile(file, maxBytes))
        .digest('hex');
    } catch (err) {
      for (const item of group) item.problem = `the image cannot be read: ${err instanceof Error ? err.message : String(err)}`;
      continue;
    }
    const picture = byHash.get(sha256) ?? { file, items: [] };
    byHash.set(sha256, picture);
    picture.items.push(...group);
  }
  return [...byHash.values()];
}

function unscorable({ source, ref }: CheckedImage, cwd: string): string | undefined {
  if (source.kind === 'remote') return `a remote image is not fetched (${source.resolved})`;
  if (source.kind === 'data') return 'an inline data: image; only image files are scored';
  if (source.problem) return `${source.problem} (${ref.src})`;
  if (!source.exists) return `no such image file: ${relativeToCwd(source.resolved!, cwd)}`;
  return undefined;
}

async function loadMatcher(options: VerifyAltOptions, io: ModelLoadIo): Promise<ImageTextMatcher> {
  const { ImageTextMatcher } = await import('../inference/matcher');
  const modelDir = await modelFolderFor(options.model, { cacheDir: options.cacheDir }, io);
  try {
    return await ImageTextMatcher.load(modelDir, { cacheDir: options.cacheDir });
  } catch (err) {
    throw unusableModel(options.model, err);
  }
}
