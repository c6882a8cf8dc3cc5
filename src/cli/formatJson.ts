import type { AltState, ImageSyntax } from '../markdown';
import type { ProblemSeverity, RuleId } from '../rules';
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

/** One problem of an image in `check --format json`. */
export interface JsonProblem {
  rule: RuleId;
  severity: ProblemSeverity;
  message: string;
  /** A replacement alt text the rule offers without a model, when it has one. */
  suggestion?: string;
}

/** One image in `check --format json`: the image, and what the rules found wrong with its alt text. */
export interface JsonCheckedImage extends JsonImage {
  problems: JsonProblem[];
  /** With --verify-alt, for an image with alt text: its scores, or why it was not scored. */
  match?: AltVerification;
}

export interface JsonReport {
  version: 1;
  files: number;
  images: JsonCheckedImage[];
}

/** Every image, not only those with problems, so that other checks can build on the scan. */
export function jsonReport(result: CheckResult, cwd: string): JsonReport {
  return {
    version: 1,
    files: result.files,
    images: result.images.map((image) => jsonCheckedImage(image, cwd)),
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

function jsonCheckedImage(image: CheckedImage, cwd: string): JsonCheckedImage {
  const json: JsonCheckedImage = { ...jsonImage(image, cwd), problems: image.problems.map(jsonProblem) };
  if (image.match) json.match = image.match;
  return json;
}

// Written field by field, so that the report's order of keys is the documented one.
function jsonProblem({ rule, severity, message, suggestion }: CheckedImage['problems'][number]): JsonProblem {
  return suggestion === undefined ? { rule, severity, message } : { rule, severity, message, suggestion };
}

export function formatJson(result: CheckResult, cwd: string): string {
  return JSON.stringify(jsonReport(result, cwd), null, 2) + '\n';
}
