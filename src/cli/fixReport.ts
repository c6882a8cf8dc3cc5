import { relativeToCwd } from './checkDocuments';
import type { FixItem } from './fixImages';
import { jsonImage, type JsonImage } from './formatJson';

/** What became of one image: written, would be written (dry run), or not written and why. */
export type FixStatus = 'written' | 'would-write' | 'not-written';

/** One image that needed alt text in `fix --format json`: check's fields and the outcome. */
export interface FixJsonImage extends JsonImage {
  /** sha256 of the image file; null when it was not read. */
  sha256: string | null;
  /** The alt text written (or that would be); null when there is none. */
  caption: string | null;
  status: FixStatus;
  reason: string | null;
}

export interface FixJsonReport {
  version: 1;
  dryRun: boolean;
  /** How many documents were read and scanned. */
  files: number;
  /** How many distinct pictures (by content) were captioned. */
  captioned: number;
  images: FixJsonImage[];
}

export interface FixOutcome {
  dryRun: boolean;
  files: number;
  /** Every image seen, findings or not. */
  images: number;
  captioned: number;
  items: readonly FixItem[];
}

export function statusOf(item: FixItem, dryRun: boolean): FixStatus {
  if (item.problem || item.caption === undefined) return 'not-written';
  return item.written ? 'written' : dryRun ? 'would-write' : 'not-written';
}

/** One line per image, `file:line:column  "old" -> "new"`, or why it gets no alt text. */
export function planLines(items: readonly FixItem[], cwd: string): string {
  return items
    .map(({ checked, caption, problem }) => {
      const where = `${relativeToCwd(checked.file, cwd)}:${checked.start.line}:${checked.start.column}`;
      if (problem || caption === undefined) return `${where}  not fixed: ${problem ?? 'no caption'}`;
      const old = checked.ref.alt === null ? '(no alt)' : JSON.stringify(checked.ref.alt);
      return `${where}  ${old} -> ${JSON.stringify(caption)}`;
    })
    .map((line) => line + '\n')
    .join('');
}

/** The closing line of the text report. */
export function summaryLine(outcome: FixOutcome): string {
  const { items, dryRun } = outcome;
  if (items.length === 0)
    return `No missing or placeholder alt text (${plural(outcome.images, 'image')} in ${plural(outcome.files, 'file')}).`;
  const fixed = items.filter((item) => statusOf(item, dryRun) !== 'not-written');
  const files = new Set(fixed.map((item) => item.checked.file)).size;
  const left = items.length - fixed.length;
  const captioned = outcome.captioned ? `Captioned ${plural(outcome.captioned, 'distinct image')}. ` : '';
  if (dryRun) {
    const remaining = left ? `; ${plural(left, 'image')} would still lack it` : '';
    return `${captioned}Would write alt text for ${plural(fixed.length, 'image')} in ${plural(files, 'file')}${remaining}. Nothing was written (--dry-run).`;
  }
  const remaining = left ? `; ${plural(left, 'image')} still ${left === 1 ? 'lacks' : 'lack'} it` : '';
  return `${captioned}Wrote alt text for ${plural(fixed.length, 'image')} in ${plural(files, 'file')}${remaining}.`;
}

export function jsonFixReport(outcome: FixOutcome, cwd: string): FixJsonReport {
  return {
    version: 1,
    dryRun: outcome.dryRun,
    files: outcome.files,
    captioned: outcome.captioned,
    images: outcome.items.map((item) => {
      const status = statusOf(item, outcome.dryRun);
      return {
        ...jsonImage(item.checked, cwd),
        sha256: item.sha256 ?? null,
        caption: item.caption ?? null,
        status,
        reason: status === 'not-written' ? (item.problem ?? 'not written') : null,
      };
    }),
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
