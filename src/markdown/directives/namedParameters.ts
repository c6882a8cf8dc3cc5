import type { OffsetRange } from '../types';

/** One `name=value` or positional parameter of a shortcode, directive or attribute block. */
export interface Parameter {
  /** Absent for a positional parameter. */
  name?: string;
  /** The whole parameter as written. */
  range: OffsetRange;
  /** The value as written, without its quotes. */
  value: OffsetRange;
  quote: '"' | "'" | '`' | '';
}

export interface ParameterSyntax {
  /** Quote characters that open a value. */
  quotes: string;
  /** Characters a name may hold. */
  name: RegExp;
  /**
   * What a backslash does inside a quoted value: nothing; escapes a quote that follows it (Hugo,
   * Asciidoctor: a quote closes unless a backslash precedes it); or escapes any character (Pandoc).
   */
  backslashEscapes: 'none' | 'quote' | 'all';
  /** Characters that end an unquoted value besides blanks. */
  unquotedStop: RegExp;
}

const BLANK = /[ \t\r\n]/;

/**
 * Reads `name="value"`, `name='value'`, ``name=`value` ``, `name=value` and positional values from
 * `text` between `start` and `end`, keeping where each value sits so that an edit can replace it.
 * Stops at the first character that cannot start a parameter and returns what was read up to it.
 */
export function readParameters(text: string, start: number, end: number, syntax: ParameterSyntax): Parameter[] {
  const parameters: Parameter[] = [];
  let i = start;
  for (;;) {
    while (i < end && BLANK.test(text[i])) i++;
    if (i >= end) return parameters;
    const parameterStart = i;
    let name: string | undefined;
    let j = i;
    while (j < end && syntax.name.test(text[j])) j++;
    let k = j;
    while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
    if (j > i && text[k] === '=') {
      name = text.slice(i, j);
      i = k + 1;
      while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    }
    const value = readValue(text, i, end, syntax);
    if (!value) return parameters;
    parameters.push({ name, range: { start: parameterStart, end: value.end }, value: value.value, quote: value.quote });
    i = value.end;
  }
}

function readValue(
  text: string,
  i: number,
  end: number,
  syntax: ParameterSyntax,
): { value: OffsetRange; quote: Parameter['quote']; end: number } | undefined {
  const first = text[i];
  if (first !== undefined && syntax.quotes.includes(first)) {
    let j = i + 1;
    const escapes = first === '`' ? 'none' : syntax.backslashEscapes;
    while (j < end && text[j] !== first)
      j += text[j] === '\\' && (escapes === 'all' || (escapes === 'quote' && text[j + 1] === first)) ? 2 : 1;
    if (j >= end) return undefined;
    return { value: { start: i + 1, end: j }, quote: first as Parameter['quote'], end: j + 1 };
  }
  let j = i;
  while (j < end && !BLANK.test(text[j]) && !syntax.unquotedStop.test(text[j])) j++;
  if (j === i) return undefined;
  return { value: { start: i, end: j }, quote: '', end: j };
}

/** The first parameter of that name, compared case-insensitively. */
export function named(parameters: readonly Parameter[], name: string): Parameter | undefined {
  const wanted = name.toLowerCase();
  return parameters.find((p) => p.name?.toLowerCase() === wanted);
}

/** A quoted value with `\"` (and, where asked, `\\`) escapes read back. */
export function unescapeQuoted(raw: string, quote: Parameter['quote'], backslashes: 'quote-only' | 'all'): string {
  if (quote === '' || quote === '`') return raw;
  return backslashes === 'all' ? raw.replace(/\\([\s\S])/g, '$1') : raw.split(`\\${quote}`).join(quote);
}
