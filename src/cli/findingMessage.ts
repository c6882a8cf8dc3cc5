import type { ImageRef } from '../markdown';

/** What a linter line says about an image whose alt text needs work. */
export function findingMessage(ref: ImageRef): string {
  const source = ref.src ? ` (${ref.src})` : '';
  switch (ref.altState) {
    case 'missing':
      return `image has no alt text${source}`;
    case 'placeholder':
      return `alt text "${ref.alt}" ${ref.reason ?? 'is a placeholder'}${source}`;
    case 'empty':
      return `image has empty alt text${source}`;
    case 'decorative':
      return `image is marked decorative${source}`;
    case 'ok':
      return `image has alt text "${ref.alt}"${source}`;
  }
}

/** The rule id a finding is reported under in SARIF. */
export function ruleIdFor(ref: ImageRef): string {
  return ref.altState === 'placeholder' ? 'placeholder-alt-text' : 'missing-alt-text';
}
