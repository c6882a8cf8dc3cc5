import { altEdit } from '../markdown/edits';
import type { ImageRef, TextEdit } from '../markdown/types';

/**
 * The edit that writes each captioned image's alt text, against `text` (the document as it was
 * scanned, or as it is when the editor applies an accepted caption). An image the edit cannot be
 * made for (the text changed under it) gets the reason instead.
 */
export function planEdit(text: string, image: ImageRef, caption: string): { edit: TextEdit } | { problem: string } {
  try {
    return { edit: altEdit(text, image, caption) };
  } catch (err) {
    return { problem: `no edit could be made: ${err instanceof Error ? err.message : String(err)}` };
  }
}
