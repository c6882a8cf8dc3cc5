import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentKindFor, resolveSource, scanDocumentWithWarnings, ScanLimitError, type ImageRef, type ResolvedSource, type ScanOptions } from '../markdown';
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
  /** How many documents were too large or too complex to scan (named in the warnings). */
  tooComplex: number;
}

export interface CheckOptions {
  /** Paths in warnings are relative to it. */
  cwd: string;
  workspaceRoots: string[];
  scan?: ScanOptions;
}

/** One document as read and scanned. */
export interface CheckedDocument {
  file: string;
  /** The text as read, with its byte order mark; undefined when the file could not be read as UTF-8. */
  text?: string;
  images: CheckedImage[];
  warnings: string[];
  /** Set when the document was too large or too complex to scan; text is then undefined. */
  tooComplex?: ScanLimitError;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads and scans each document, resolving every image's source. */
export function checkDocuments(files: string[], options: CheckOptions): CheckResult {
  const result: CheckResult = { files: 0, images: [], warnings: [], tooComplex: 0 };
  for (const file of files) {
    const checked = checkDocument(file, options);
    if (!checked) continue;
    result.warnings.push(...checked.warnings);
    if (checked.tooComplex) result.tooComplex++;
    if (checked.text === undefined) continue;
    result.files++;
    result.images.push(...checked.images);
  }
  return result;
}

/** Reads and scans one document, resolving every image's source; undefined when it is not a document at all. */
export function checkDocument(file: string, options: CheckOptions): CheckedDocument | undefined {
  const kind = documentKindFor(file);
  if (!kind) return undefined;
  let text: string;
  try {
    text = readDocumentText(file);
  } catch (error) {
    return { file, images: [], warnings: [`${relativeToCwd(file, options.cwd)}: ${error instanceof TypeError ? 'not valid UTF-8' : describe(error)}; skipped`] };
  }
  let scanned;
  try {
    scanned = scanDocumentWithWarnings(text, kind, options.scan);
  } catch (error) {
    // A hostile or pathological document is reported and left alone; the other files go on.
    if (!(error instanceof ScanLimitError)) throw error;
    return { file, images: [], warnings: [`${relativeToCwd(file, options.cwd)}: ${error.message}; not checked`], tooComplex: error };
  }
  const checked: CheckedDocument = { file, text, images: [], warnings: scanned.warnings.map((warning) => `${relativeToCwd(file, options.cwd)}: ${warning}`) };
  if (scanned.images.length === 0) return checked;
  const lines = new LineIndex(text);
  for (const ref of scanned.images) {
    checked.images.push({
      file,
      ref,
      source: resolveSource(ref.src, file, { workspaceRoots: options.workspaceRoots }),
      start: lines.at(ref.range.start),
      end: lines.at(ref.range.end),
    });
  }
  return checked;
}

/**
 * A document's text, kept with its byte order mark so that offsets match the file. Throws a
 * TypeError when the file is not valid UTF-8.
 */
export function readDocumentText(file: string): string {
  return utf8.decode(fs.readFileSync(file));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function relativeToCwd(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
