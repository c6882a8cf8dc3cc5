/**
 * Limits on the work one document may cost. micromark's inline phase slows down more than linearly
 * on some inputs (thousands of unmatched emphasis or bracket delimiters in one paragraph, deeply
 * nested containers), so scanning a hostile document could take minutes or exhaust memory. A
 * document past a limit is not scanned: the scan throws ScanLimitError, which the CLI and the
 * editor report as "too complex to scan" for that document alone.
 */
export interface ScanLimits {
  /** The longest document, in characters (UTF-16 code units). */
  maxCharacters?: number;
  /** The deepest nesting of block quotes and lists, as estimated from line prefixes. */
  maxNesting?: number;
  /** The most emphasis, link, code and HTML delimiters in one paragraph (or heading, or table cell). */
  maxInlineMarkup?: number;
  /** The most link reference definitions in one document. */
  maxDefinitions?: number;
  /**
   * How long the scan may take, checked as it goes: a last resort behind the limits above. By
   * default a minute plus a minute per megabyte, so that a large real document on a busy machine
   * (a hundred thousand images take over a minute on a loaded 2-core machine) is never cut short.
   */
  maxMilliseconds?: number;
}

// Chosen far above real documents (the largest docs pages are a few megabytes, nest a handful of
// levels, and have paragraphs with a few hundred delimiters) and below where micromark's cost
// turns superlinear: past about 2,000 delimiters in one paragraph a few kilobytes can take seconds.
export const DEFAULT_SCAN_LIMITS: Required<Omit<ScanLimits, 'maxMilliseconds'>> = {
  maxCharacters: 16 * 1024 * 1024,
  maxNesting: 100,
  maxInlineMarkup: 2_000,
  maxDefinitions: 10_000,
};

function defaultMilliseconds(characters: number): number {
  return 60_000 + Math.ceil((characters / (1024 * 1024)) * 60_000);
}

export type ScanLimitReason = 'size' | 'nesting' | 'inline-markup' | 'definitions' | 'time';

/** A document past one of the scan limits: it is reported as too complex and left alone. */
export class ScanLimitError extends Error {
  override name = 'ScanLimitError';
  constructor(
    readonly reason: ScanLimitReason,
    /** What was found, in the writer's terms: "nested 2,000 levels deep at line 2000". */
    readonly detail: string,
  ) {
    super(`too complex to scan: ${detail}`);
  }
}

/** The limits that apply, and the clock of one scan. */
export class ScanBudget {
  readonly limits: Required<ScanLimits>;
  private readonly deadline: number;

  constructor(limits: ScanLimits = {}, characters = 0) {
    this.limits = { ...DEFAULT_SCAN_LIMITS, maxMilliseconds: defaultMilliseconds(characters), ...definedOnly(limits) };
    this.deadline = Date.now() + this.limits.maxMilliseconds;
  }

  /** Throws once the scan has run past its time. */
  checkTime(): void {
    if (Date.now() > this.deadline) throw new ScanLimitError('time', `the scan took longer than ${seconds(this.limits.maxMilliseconds)}`);
  }

  checkSize(text: string): void {
    if (text.length > this.limits.maxCharacters) {
      throw new ScanLimitError(
        'size',
        `${formatCount(text.length)} characters, more than the ${formatCount(this.limits.maxCharacters)} a document may have`,
      );
    }
  }

  /**
   * Cheap checks on the raw lines of Markdown or MDX, before micromark sees them: how deep block
   * quotes and lists nest, and how many link reference definitions there are.
   */
  checkMarkdownLines(text: string): void {
    const { maxNesting, maxDefinitions } = this.limits;
    let definitions = 0;
    let line = 1;
    for (let start = 0; start <= text.length; line++) {
      const { depth, definition } = linePrefix(text, start);
      if (depth > maxNesting)
        throw new ScanLimitError(
          'nesting',
          `block quotes or lists nested about ${formatCount(depth)} levels deep at line ${formatCount(line)} (at most ${maxNesting})`,
        );
      if (definition && ++definitions > maxDefinitions)
        throw new ScanLimitError('definitions', `more than ${formatCount(maxDefinitions)} link reference definitions`);
      const next = nextLineStart(text, start);
      if (next < 0) break;
      start = next;
    }
  }

  /** Checks one run of inline text (a paragraph, heading or cell) before it is tokenized. */
  checkInlineRun(markup: number, line: number): void {
    if (markup > this.limits.maxInlineMarkup) {
      throw new ScanLimitError(
        'inline-markup',
        `a paragraph at line ${formatCount(line)} has ${formatCount(markup)} emphasis, link, code or HTML delimiters (at most ${formatCount(this.limits.maxInlineMarkup)})`,
      );
    }
  }
}

// Plain images, links and code spans cost micromark little however many there are (a gallery line
// of a thousand badges is fine); what grows faster than the text is delimiters left unmatched or
// nested. So when a run has many delimiters, those inside such simple constructs are not counted.
const SIMPLE_CONSTRUCT =
  /!?\[[^[\]\\\r\n`<*_]{0,300}\](?:\([^()\s<>`\\]{0,1000}(?:[ \t]+"[^"\r\n\\]{0,300}")?\)|\[[^[\]\\\r\n]{0,300}\])?|`[^`\r\n]{1,300}`/g;

/** The delimiters of a run of inline text that are not part of a plain image, link or code span. */
export function countCostlyMarkup(run: string): number {
  const rest = run.replace(SIMPLE_CONSTRUCT, '');
  return countInlineMarkup(rest, 0, rest.length);
}

const INLINE_MARKUP = new Set([0x2a, 0x5f, 0x5b, 0x5d, 0x21, 0x60, 0x28, 0x29, 0x3c, 0x7e]); // * _ [ ] ! ` ( ) < ~

/** How many characters of text[start, end) can open or close inline constructs. */
export function countInlineMarkup(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (INLINE_MARKUP.has(text.charCodeAt(i))) count++;
  return count;
}

// Container markers at the start of a line: `>`, `-`/`*`/`+` or `1.`/`1)` followed by a blank.
// Each counts one level, and so do every two columns of indentation among them (nested list items
// are indented, not marked again). Only a line with a marker counts, so indented code does not.
function linePrefix(text: string, start: number): { depth: number; definition: boolean } {
  let i = start;
  let markers = 0;
  let columns = 0;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20) columns++;
    else if (c === 0x09) columns += 4;
    else if (c === 0x3e) markers++;
    else if ((c === 0x2d || c === 0x2a || c === 0x2b) && isBlank(text.charCodeAt(i + 1))) markers++;
    else if (c >= 0x30 && c <= 0x39) {
      let j = i;
      while (j < i + 9 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
      const d = text.charCodeAt(j);
      if ((d !== 0x2e && d !== 0x29) || !isBlank(text.charCodeAt(j + 1))) break;
      markers++;
      i = j;
    } else break;
    i++;
  }
  const depth = markers ? markers + Math.floor(columns / 2) : 0;
  // `[label]:` starts a definition (a cheap over-estimate: a paragraph line may look like one too).
  return { depth, definition: text.charCodeAt(i) === 0x5b && definitionLabelEnd(text, i) };
}

function definitionLabelEnd(text: string, open: number): boolean {
  const close = text.indexOf(']', open + 1);
  return close > open + 1 && close - open < 1000 && text.charCodeAt(close + 1) === 0x3a && !/[\r\n]/.test(text.slice(open, close));
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || Number.isNaN(c);
}

function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return i + 1;
    if (c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
  }
  return -1;
}

function definedOnly(limits: ScanLimits): ScanLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
