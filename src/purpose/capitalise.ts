/** `text` with its first letter in capitals, as a sentence or a name for a reader starts. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
