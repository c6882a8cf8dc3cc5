import type { ImageTextMatcher } from '../inference/matcher';
import { hasAltToVerify, mismatchedAltProblem } from '../rules/mismatchedAlt';
import type { Problem, RuleConfig } from '../rules';
import { modelFolderFor, unusableModel, type ModelLoadIo } from './captionOptions';
import { relativeToCwd, type CheckedImage } from './checkDocuments';
import { readRegularFile } from '../inference/regularFile';
import { readDistinct, type FixTarget } from '../fix';

/** `check --verify-alt`: which matching model, and where its probability of match is too low. */
export interface VerifyAltOptions {
  /** A matching checkpoint folder, a converted pack, or hub:OWNER/NAME[@REVISION]. */
  model: string;
  threshold: number;
  /** The rules' configuration: `mismatched-alt`'s severity, or off. */
  rules: RuleConfig;
  cacheDir?: string;
  /** Largest image file read, in bytes. */
  maxImageBytes: number;
}

/** What matching made of one image's alt text: its scores, or why it was not scored. */
export type AltVerification = { itm: number; cosine: number } | { notScored: string };

export interface VerifyAltResult {
  /** Every image with alt text, scored or not. */
  verified: Map<CheckedImage, AltVerification>;
  /** The `mismatched-alt` problem of each image below the threshold (none while the rule is off). */
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
    .map((checked) => ({ checked, image: checked.ref, source: checked.source, problem: unscorable(checked, cwd) }));
  const distinct = await groupByContent(items, options.maxImageBytes);
  for (const item of items) if (item.problem) verified.set(item.checked, { notScored: item.problem });

  if (distinct.length) {
    const matcher = await loadMatcher(options, io);
    try {
      for (const picture of distinct) {
        const alts = [...new Set(picture.items.map((item) => item.image.alt!))];
        try {
          const scores = await matcher.score(picture.file, alts);
          const byAlt = new Map(scores.map((s) => [s.text, s]));
          for (const item of picture.items) {
            const s = byAlt.get(item.image.alt!)!;
            verified.set(item.checked, { itm: s.itm, cosine: s.cosine });
          }
        } catch (err) {
          const why = `the image cannot be scored: ${err instanceof Error ? err.message : String(err)}`;
          for (const item of picture.items) verified.set(item.checked, { notScored: why });
        }
      }
    } finally {
      await matcher.dispose();
    }
  }
  return { verified, problems: mismatchedAltProblems(verified, options.threshold, options.rules) };
}

/** Scores and a threshold into one `mismatched-alt` problem per image below it, at the rule's configured severity. */
export function mismatchedAltProblems(
  verified: ReadonlyMap<CheckedImage, AltVerification>,
  threshold: number,
  rules: RuleConfig,
): Map<CheckedImage, Problem> {
  const problems = new Map<CheckedImage, Problem>();
  for (const [image, outcome] of verified) {
    if (!('itm' in outcome)) continue;
    const problem = mismatchedAltProblem({ alt: image.ref.alt!, itm: outcome.itm }, threshold, rules);
    if (problem) problems.set(image, problem);
  }
  return problems;
}

/** An image with alt text to score, as a target of the shared read: why it cannot be scored, once known. */
interface ScoreItem extends FixTarget {
  checked: CheckedImage;
}

/**
 * The scorable items grouped by the bytes of their image, each file read and hashed once (the fix's
 * own read, keeping only the hash): copies of a picture under other names are encoded once, from
 * the first file found. An unreadable file fails only its own items.
 */
async function groupByContent(items: readonly ScoreItem[], maxBytes: number): Promise<{ file: string; items: ScoreItem[] }[]> {
  const distinct = await readDistinct(items, {
    read: (item) => readRegularFile(item.source.resolved!, maxBytes),
    hashOnly: true,
    describeFailure: (_step, err) => `the image cannot be read: ${err instanceof Error ? err.message : String(err)}`,
  });
  return distinct.map(({ targets }) => ({ file: targets[0].source.resolved!, items: targets }));
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
