import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentKindFor, resolveSource, scanDocumentWithWarnings, type ImageRef, type ResolvedSource, type ScanOptions } from '../markdown';
import { LineIndex, type LineColumn } from './lineIndex';

export interface CheckedImage {
  /** Absolute path of the document. */
  file: string;
  ref: ImageRef;
  source: ResolvedSource;
  start: LineColumn;
  /** The position just after the image. */
  end: LineColumn;
}

export interface CheckResult {
  /** How many documents were read and scanned. */
  files: number;
  images: CheckedImage[];
  /** Documents that could not be scanned as asked, with why. */
  warnings: string[];
}

export interface CheckOptions {
  /** Paths in warnings are relative to it. */
  cwd: string;
  workspaceRoots: string[];
  scan?: ScanOptions;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads and scans each document, resolving every image's source. */
export function checkDocuments(files: string[], options: CheckOptions): CheckResult {
  const result: CheckResult = { files: 0, images: [], warnings: [] };
  for (const file of files) {
    const kind = documentKindFor(file);
    if (!kind) continue;
    let text: string;
    try {
      // Kept with its BOM, so that offsets match the file.
      text = utf8.decode(fs.readFileSync(file));
    } catch (error) {
      result.warnings.push(`${relativeToCwd(file, options.cwd)}: ${error instanceof TypeError ? 'not valid UTF-8' : describe(error)}; skipped`);
      continue;
    }
    result.files++;
    const scanned = scanDocumentWithWarnings(text, kind, options.scan);
    for (const warning of scanned.warnings) result.warnings.push(`${relativeToCwd(file, options.cwd)}: ${warning}`);
    if (scanned.images.length === 0) continue;
    const lines = new LineIndex(text);
    for (const ref of scanned.images) {
      result.images.push({
        file,
        ref,
        source: resolveSource(ref.src, file, { workspaceRoots: options.workspaceRoots }),
        start: lines.at(ref.range.start),
        end: lines.at(ref.range.end),
      });
    }
  }
  return result;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function relativeToCwd(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
