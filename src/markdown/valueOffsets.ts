/**
 * Maps offsets in a node's value back to the document. A node's value leaves out what its
 * containers own on each continued line (block quote `>`, list indentation), so inside a block
 * quote or list the value is not a plain slice of the document. Each continued line of the value
 * is, however, the tail of its document line (or, for the last line, ends where the node ends),
 * which fixes where every line starts.
 */
export function valueOffsetMapper(text: string, start: number, end: number, value: string): (offset: number) => number {
  if (end - start === value.length && text.startsWith(value, start)) return (offset) => start + offset;

  const valueLines = splitLines(value, 0, value.length);
  const documentLines = splitLines(text, start, end);
  const bases = valueLines.map((line, k) => {
    if (k === 0) return start;
    const documentLine = documentLines[k];
    const documentLineEnd = documentLine ? documentLine.contentEnd : end;
    return documentLineEnd - (line.contentEnd - line.start) - line.start;
  });
  return (offset) => {
    let k = valueLines.length - 1;
    while (k > 0 && valueLines[k].start > offset) k--;
    return bases[k] + offset;
  };
}

interface Line {
  start: number;
  /** Where the line's content ends, before its line ending. */
  contentEnd: number;
}

function splitLines(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let lineStart = from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    lines.push({ start: lineStart, contentEnd: i });
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
    lineStart = i + 1;
  }
  lines.push({ start: lineStart, contentEnd: to });
  return lines;
}
