import type { AttributeAltSite, OffsetRange } from './types';

type ValueSpan = NonNullable<AttributeAltSite['value']>;

/**
 * Finds the value inside the source text of one attribute (`name`, `name=value`, `name = "value"`,
 * or in JSX `name={expression}`), given the attribute's whole range. Parsers report where an
 * attribute is but not where its value starts, and an edit must replace only the value.
 */
export function attributeValueSpan(text: string, attribute: OffsetRange, dialect: 'html' | 'jsx'): ValueSpan | undefined {
  const { end } = attribute;
  let i = attribute.start;
  while (i < end && !isSpace(text.charCodeAt(i)) && text[i] !== '=') i++;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  if (text[i] !== '=') return undefined;
  i++;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  const first = text[i];
  if (first === '"' || first === "'") {
    const closed = end - 1 > i && text[end - 1] === first;
    return { range: { start: i + 1, end: closed ? end - 1 : end }, quote: first };
  }
  if (first === '{' && dialect === 'jsx') return { range: { start: i, end }, quote: '{' };
  return { range: { start: i, end }, quote: '' };
}

/** The offset just past a tag's name, given the offset of its `<`. */
export function tagNameEnd(text: string, tagStart: number): number {
  let i = tagStart + 1;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  while (i < text.length && !isSpace(text.charCodeAt(i)) && text[i] !== '/' && text[i] !== '>') i++;
  return i;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}
