/**
 * A percent-encoded path, URL segment or link text as the characters it stands for. Text that is
 * not a valid escape sequence (a stray `%`) is kept as it is: in an image source it is more likely
 * part of a file name than a broken escape.
 */
export function decodeUriComponentOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
