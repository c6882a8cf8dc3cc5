import type { TextEdit } from '../../../../src/markdown';

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}
