import * as path from 'node:path';
import { FileReadError, readRegularFileSync } from '../inference/regularFile';
import {
  documentKindFor,
  resolveSource,
  scanDocumentWithWarnings,
  ScanLimitError,
  type ImageRef,
  type ProjectContext,
  type ResolvedSource,
  type ScanOptions,
} from '../markdown';
import { defaultRuleConfig, judgeImages, type Problem, type RuleConfig } from '../rules';
import { LineIndex, type LineColumn } from '../fix/lineIndex';
import type { AltVerification } from './verifyAlt';

export interface CheckedImage {
  /** Absolute path of the document. */
  file: string;
  ref: ImageRef;
  source: ResolvedSource;
  start: LineColumn;
  /** The position just after the image. */
  end: LineColumn;
  /**
   * What the rules found wrong with its alt text, at the configured severities; empty when nothing.
   * Checks that run after the scan (image-text matching) add theirs here, made with `ruleProblem`.
   */
  problems: Problem[];
  /** Its alt text's image-text matching scores, when `check --verify-alt` judged it. */
  match?: AltVerification;
}

export interface CheckResult {
  /** How many documents were read and scanned. */
  files: number;
  images: CheckedImage[];
  /** Documents that could not be scanned as asked, with why. */
  warnings: string[];
  /** Documents that could not be read at all, with why: they were not checked. */
  errors: string[];
  /** How many documents were too large or too complex to scan (named in the warnings). */
  tooComplex: number;
}

export interface CheckOptions {
  /** Paths in warnings are relative to it. */
  cwd: string;
  workspaceRoots: string[];
  /** Images outside the workspace roots may be read (--allow-outside). */
  allowOutside?: boolean;
  scan?: ScanOptions;
  /** The project's configuration and sites: which parser reads a file and where its images are. */
  project?: ProjectContext;
  /** The rules' levels and options; every rule at its default when absent. */
  rules?: RuleConfig;
}

/** One document as read and scanned. */
export interface CheckedDocument {
  file: string;
  /** The text as read, with its byte order mark; undefined when the file could not be read as UTF-8. */
  text?: string;
  images: CheckedImage[];
  warnings: string[];
  /** Why the document could not be read, when it could not. */
  error?: string;
  /** Set when the document was too large or too complex to scan; text is then undefined. */
  tooComplex?: ScanLimitError;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Far beyond any document; a string cannot hold much more (V8 caps strings near 512 MB).
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** A document that cannot be read as text: missing, not a regular file, too large, or not UTF-8. */
export class DocumentReadError extends Error {
  override name = 'DocumentReadError';
}

/** Reads and scans each document, resolving every image's source. */
export function checkDocuments(files: string[], options: CheckOptions): CheckResult {
  const result: CheckResult = { files: 0, images: [], warnings: [], errors: [], tooComplex: 0 };
  for (const file of files) {
    const checked = checkDocument(file, options);
    if (!checked) continue;
    result.warnings.push(...checked.warnings);
    if (checked.error) result.errors.push(checked.error);
    if (checked.tooComplex) result.tooComplex++;
    if (checked.text === undefined) continue;
    result.files++;
    result.images.push(...checked.images);
  }
  return result;
}

/** Reads and scans one document, resolving every image's source; undefined when it is not a document at all. */
export function checkDocument(file: string, options: CheckOptions): CheckedDocument | undefined {
  const kind = options.project ? options.project.kindFor(file) : documentKindFor(file);
  if (!kind) return undefined;
  let text: string;
  try {
    text = readDocumentText(file);
  } catch (error) {
    const why = error instanceof DocumentReadError ? error.message : describe(error);
    return { file, images: [], warnings: [], error: `${relativeToCwd(file, options.cwd)}: ${why}; not checked` };
  }
  let scanned;
  try {
    scanned = scanDocumentWithWarnings(
      text,
      kind,
      options.project ? { ...options.scan, ...options.project.scanOptionsFor(file) } : options.scan,
    );
  } catch (error) {
    // A hostile or pathological document is reported and left alone; the other files go on.
    if (!(error instanceof ScanLimitError)) throw error;
    return { file, images: [], warnings: [`${relativeToCwd(file, options.cwd)}: ${error.message}; not checked`], tooComplex: error };
  }
  const checked: CheckedDocument = {
    file,
    text,
    images: [],
    warnings: scanned.warnings.map((warning) => `${relativeToCwd(file, options.cwd)}: ${warning}`),
  };
  if (scanned.images.length === 0) return checked;
  const lines = new LineIndex(text);
  const problems = judgeImages(scanned.images, options.rules ?? defaultRuleConfig());
  for (const [i, ref] of scanned.images.entries()) {
    checked.images.push({
      file,
      ref,
      source: options.project
        ? options.project.resolve(ref.src, file)
        : resolveSource(ref.src, file, { workspaceRoots: options.workspaceRoots, allowOutsideWorkspace: options.allowOutside }),
      start: lines.at(ref.range.start),
      end: lines.at(ref.range.end),
      problems: problems[i],
    });
  }
  return checked;
}

/**
 * A document's text, kept with its byte order mark so that offsets match the file. Throws a
 * DocumentReadError when the file is not a regular file, or not valid UTF-8: documents are read
 * strictly, since a replacement character written back would corrupt the file. UTF-16 (known by its
 * byte order mark) is refused rather than decoded, so that fix never writes a document back in
 * another encoding than it was read in.
 */
export function readDocumentText(file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFileSync(file, MAX_DOCUMENT_BYTES);
  } catch (error) {
    throw new DocumentReadError(error instanceof FileReadError ? withoutPath(error.message, file) : describe(error));
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DocumentReadError(
      `UTF-16 text (byte order mark ${bytes[0] === 0xff ? 'FF FE' : 'FE FF'}); only UTF-8 documents are read, convert it to UTF-8`,
    );
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new DocumentReadError(`not valid UTF-8 at byte ${firstInvalidUtf8(bytes)}; only UTF-8 documents are read`);
  }
}

// The caller names the file relative to the current folder; the reader's message starts with it.
function withoutPath(message: string, file: string): string {
  return message.startsWith(file) ? message.slice(file.length).trimStart().replace(/^is /, '') : message;
}

// Unicode table 3-7, "Well-Formed UTF-8 Byte Sequences": each lead byte range, the length of its
// sequences and the range its second byte must be in (the later ones are 0x80..0xBF).
const UTF8_LEADS: readonly (readonly [first: number, last: number, length: number, low: number, high: number])[] = [
  [0xc2, 0xdf, 2, 0x80, 0xbf],
  [0xe0, 0xe0, 3, 0xa0, 0xbf],
  [0xe1, 0xec, 3, 0x80, 0xbf],
  [0xed, 0xed, 3, 0x80, 0x9f],
  [0xee, 0xef, 3, 0x80, 0xbf],
  [0xf0, 0xf0, 4, 0x90, 0xbf],
  [0xf1, 0xf3, 4, 0x80, 0xbf],
  [0xf4, 0xf4, 4, 0x80, 0x8f],
];

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence (Unicode table 3-7). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const [, , length, low, high] = UTF8_LEADS.find(([first, last]) => b >= first && b <= last) ?? [0, 0, 0, 0, 0];
    if (length === 0 || i + length > bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function relativeToCwd(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
