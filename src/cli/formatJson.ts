import type { AltState, ImageSyntax } from '../markdown';
import { relativeToCwd, type CheckedImage, type CheckResult } from './checkDocuments';

/** One image in `check --format json`; other tools read this, so its shape does not change. */
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

export interface JsonReport {
  version: 1;
  files: number;
  images: JsonImage[];
}

/** Every image, not only the findings, so that other checks can build on the scan. */
export function jsonReport(result: CheckResult, cwd: string): JsonReport {
  return {
    version: 1,
    files: result.files,
    images: result.images.map((image) => jsonImage(image, cwd)),
  };
}

/** One image as `check --format json` lists it. */
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

export function formatJson(result: CheckResult, cwd: string): string {
  return JSON.stringify(jsonReport(result, cwd), null, 2) + '\n';
}
