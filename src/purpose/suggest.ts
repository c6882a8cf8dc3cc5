import type { ImagePurpose, PurposeGuess, PurposeSuggestion } from './types';

/** What the suggestion can be made of besides the markup: the caption, and text read in the image. */
export interface SuggestionSources {
  caption?: string;
  /** Text visible in the image (OCR), when it has been read. */
  visibleText?: string;
}

export const COMPLEX_HINT = 'Describe the details in the text around the image, or link to a page that does';

/**
 * The alt text (or the decorative mark) that serves the image's purpose, as the W3C decision tree
 * asks: nothing for decoration, the destination for a link, the words for an image of text, a short
 * name plus a long description elsewhere for a chart or diagram, and a description (the caption)
 * for everything else.
 */
export function suggestForPurpose(purpose: ImagePurpose, guess: PurposeGuess, sources: SuggestionSources): PurposeSuggestion {
  const caption = nonEmpty(sources.caption);
  switch (purpose) {
    case 'decorative':
      return { purpose, decorative: true };
    case 'functional': {
      const alt = guess.linkPurpose ?? guess.badge?.alt;
      if (alt) return { purpose, decorative: false, alt };
      return { purpose, decorative: false, alt: caption, hint: 'Nothing in the markup says where it goes: say what it does' };
    }
    case 'text': {
      const text = guess.badge?.alt ?? nonEmpty(sources.visibleText);
      if (text) return { purpose, decorative: false, alt: text };
      return { purpose, decorative: false, alt: caption, hint: 'Write the text the image shows' };
    }
    case 'complex':
      return { purpose, decorative: false, alt: caption ?? guess.badge?.alt, hint: COMPLEX_HINT };
    case 'informative':
      return { purpose, decorative: false, alt: caption };
  }
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
