import type { AltState, ImageSyntax } from '../markdown';
import type { Problem } from '../rules/types';
import { relativeToCwd, type CheckedImage, type CheckResult } from './checkDocuments';
import type { AltVerification } from './verifyAlt';

/** One image in `check --format json` and `fix --format json`; other tools read this, so its shape does not change. */
export interface JsonImage {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  syntax: ImageSyntax;
  src: string;
  resolved: string | null;
  exists: boolean;
  remote: boolean;
  alt: string | null;
  altState: AltState;
}

/** An image as `check` lists it: where it is, and what the rules found. */
export interface CheckJsonImage extends JsonImage {
  /** What the rules found beyond the alt state (today: mismatched-alt, with --verify-alt); empty when none. */
  problems: Pick<Problem, 'rule' | 'severity' | 'message'>[];
  /** With --verify-alt, for an image with alt text: its scores, or why it was not scored. */
  match?: AltVerification;
}

export interface JsonReport {
  version: 1;
  files: number;
  images: CheckJsonImage[];
}

/** Every image, not only the findings, so that other checks can build on the scan. */
export function jsonReport(result: CheckResult, cwd: string): JsonReport {
  return {
    version: 1,
    files: result.files,
    images: result.images.map((image) => checkJsonImage(image, cwd)),
  };
}

/** Where one image is and what alt it has, as `check --format json` and `fix --format json` list it. */
export function jsonImage({ file, ref, source, start, end }: CheckedImage, cwd: string): JsonImage {
  return {
    file: relativeToCwd(file, cwd),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    syntax: ref.syntax,
    src: ref.src,
    resolved: source.resolved,
    exists: source.exists,
    remote: source.remote,
    alt: ref.alt,
    altState: ref.altState,
  };
}

function checkJsonImage(image: CheckedImage, cwd: string): CheckJsonImage {
  const json: CheckJsonImage = {
    ...jsonImage(image, cwd),
    problems: (image.problems ?? []).map(({ rule, severity, message }) => ({ rule, severity, message })),
  };
  if (image.match) json.match = image.match;
  return json;
}

export function formatJson(result: CheckResult, cwd: string): string {
  return JSON.stringify(jsonReport(result, cwd), null, 2) + '\n';
}
