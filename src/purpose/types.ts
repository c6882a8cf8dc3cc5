/**
 * What an image is for, in the terms of the W3C images tutorial's decision tree
 * (https://www.w3.org/WAI/tutorials/images/decision-tree/): the purpose decides what its alt text
 * should say, before any caption is written.
 */
export type ImagePurpose = 'informative' | 'decorative' | 'functional' | 'text' | 'complex';

export const IMAGE_PURPOSES: readonly ImagePurpose[] = ['informative', 'decorative', 'functional', 'text', 'complex'];

/** How each purpose is offered to the writer: a label and what the alt text then says. */
export const PURPOSE_DESCRIPTIONS: Readonly<Record<ImagePurpose, { label: string; detail: string }>> = {
  informative: { label: 'Informative', detail: 'a photo or picture that adds meaning: the alt text describes it' },
  decorative: { label: 'Decorative', detail: 'adds nothing the text does not say: an empty alt, so screen readers skip it' },
  functional: { label: 'Functional', detail: 'a link or button: the alt text says where it goes or what it does' },
  text: { label: 'Text', detail: 'an image of text: the alt text is that text' },
  complex: { label: 'Complex', detail: 'a chart or diagram: a short alt text, and the details in the text around it' },
};

/** A badge recognised from its URL, and what its alt text says. */
export interface Badge {
  /** The badge service, e.g. "shields.io", "GitHub Actions". */
  service: string;
  /** The alt text: the badge's label, with its message when the message is fixed in the URL. */
  alt: string;
}

/** Why an image got the purpose it got, for the writer. */
export interface PurposeGuess {
  purpose: ImagePurpose;
  /** Says what the guess rests on, e.g. "a shields.io badge", "the whole content of a link". */
  reason: string;
  /** Set when the image is a badge: its alt comes from the URL, never from a caption. */
  badge?: Badge;
  /** The link's or button's purpose when the image sits in one, e.g. "Go to the installation page". */
  linkPurpose?: string;
}

/**
 * What to do with an image once its purpose is chosen: mark it decorative, or give it `alt`.
 * `alt` is absent when the purpose needs text nothing here can supply (no caption yet); `hint`
 * tells the writer what the alt text alone cannot do.
 */
export interface PurposeSuggestion {
  purpose: ImagePurpose;
  decorative: boolean;
  alt?: string;
  hint?: string;
}
