/** 1-based line and column; columns count UTF-16 code units, as editors and SARIF do. */
export interface LineColumn {
  line: number;
  column: number;
}

/** Turns offsets into lines and columns. Line breaks are \n, \r\n and a lone \r, as in CommonMark. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      if (c === 0x0a || c === 0x0d) this.lineStarts.push(i + 1);
    }
  }

  at(offset: number): LineColumn {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    // Editors do not show a byte order mark, so it takes no column.
    const lineStart = low === 0 && this.text.charCodeAt(0) === 0xfeff && offset > 0 ? 1 : this.lineStarts[low];
    return { line: low + 1, column: offset - lineStart + 1 };
  }
}

/**
 * The 0-based line each image starts on, as an editor counts lines (VS Code, like CommonMark,
 * ends a line at \n, \r\n and a lone \r): where the editor's review shows and opens the image.
 */
export function imageStartLines(text: string, images: readonly { range: { start: number } }[]): number[] {
  if (images.length === 0) return [];
  const lines = new LineIndex(text);
  return images.map((image) => lines.at(image.range.start).line - 1);
}
