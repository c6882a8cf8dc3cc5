import { frontMatterTypes, types } from '../markdownTokenTypes';
import { markdownEventPieces } from '../markdownTokens';
import type { OffsetRange } from '../types';

export interface CodeRegions {
  /** Code (fenced, indented, inline), HTML comments and front matter, in document offsets, sorted. */
  code: OffsetRange[];
  /** Fenced blocks whose info string is a MyST directive (```` ```{image} ````): directives, not code. */
  directiveFences: Array<{ range: OffsetRange; directive: string }>;
}

const MYST_FENCE_INFO = /^\{([A-Za-z][\w:-]*)\}/;
const MYST_IMAGE_DIRECTIVES = new Set(['image', 'figure']);

/**
 * Where a Markdown document holds code or comments, as CommonMark reads it, so that shortcodes and
 * directives written there (as examples) are not taken for images. `shift` is 1 after a BOM.
 */
export function codeRegions(text: string, shift: number): CodeRegions {
  const parsed = shift ? text.slice(shift) : text;
  const regions: CodeRegions = { code: [], directiveFences: [] };
  let fence: { range: OffsetRange; info?: string } | undefined;
  for (const piece of markdownEventPieces(parsed)) {
    const base = piece.offset + shift;
    for (const [kind, token, context] of piece.events()) {
      const range = { start: base + token.start.offset, end: base + token.end.offset };
      // Front matter's token types come from an extension that does not declare them.
      switch (token.type as string) {
        case types.codeFenced:
          if (kind === 'enter') fence = { range };
          else if (fence) {
            const directive = MYST_FENCE_INFO.exec(fence.info ?? '')?.[1];
            if (directive && MYST_IMAGE_DIRECTIVES.has(directive)) regions.directiveFences.push({ range, directive });
            else regions.code.push(range);
            fence = undefined;
          }
          break;
        case types.codeFencedFenceInfo:
          if (kind === 'enter' && fence && fence.info === undefined) fence.info = context.sliceSerialize(token);
          break;
        case types.codeIndented:
        case types.codeText:
        case frontMatterTypes.yaml:
        case frontMatterTypes.toml:
          if (kind === 'enter') regions.code.push(range);
          break;
        case types.htmlFlow:
        case types.htmlText:
          if (kind === 'enter' && text.startsWith('<!--', range.start)) regions.code.push(range);
          break;
      }
    }
  }
  regions.code.sort((a, b) => a.start - b.start);
  return regions;
}

/** Whether `offset` lies inside one of the sorted `ranges`. */
export function insideAny(ranges: readonly OffsetRange[], offset: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle];
    if (offset < range.start) high = middle - 1;
    else if (offset >= range.end) low = middle + 1;
    else return true;
  }
  return false;
}
