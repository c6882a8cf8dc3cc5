import type { ProblemSeverity, RuleId } from './types';

/** What a rule is, for SARIF's rule metadata, the settings and the help page. */
export interface RuleInfo {
  id: RuleId;
  /** PascalCase, as SARIF's `name` wants it. */
  name: string;
  /** One line: what the rule catches. */
  summary: string;
  /** Why it matters and what to write instead. */
  description: string;
  defaultSeverity: ProblemSeverity;
  /** The WCAG 2.2 success criteria it serves. */
  wcag: string[];
  /** How sure a report is: `very-high` for facts of the markup, `medium` for judgements of wording. */
  precision: 'very-high' | 'high' | 'medium';
}

/**
 * Every rule, in the order of RULE_IDS. Defaults follow what ESLint's and markdownlint's accessibility
 * rules do: an image a screen reader cannot name at all (no alt, a placeholder, a nameless link) is
 * an error; alt text that is there but could serve readers better is a warning.
 */
export const RULES: Record<RuleId, RuleInfo> = {
  'missing-alt': {
    id: 'missing-alt',
    name: 'MissingAlt',
    summary: 'Image without alt text',
    description:
      'The image has no alt attribute or alt text at all, so screen readers announce it by its file name or not at all. Write what the image shows or what it is for; mark it decorative if it adds nothing.',
    defaultSeverity: 'error',
    wcag: ['1.1.1'],
    precision: 'very-high',
  },
  'empty-alt': {
    id: 'empty-alt',
    name: 'EmptyAlt',
    summary: 'Image with an empty alt text that was probably forgotten',
    description:
      'The alt text is empty where the syntax cannot say "decorative" (Markdown `![](image.png)`), which is how a forgotten alt looks. Write the alt text, or mark the image decorative so that the intent is recorded.',
    defaultSeverity: 'error',
    wcag: ['1.1.1'],
    precision: 'high',
  },
  'placeholder-alt': {
    id: 'placeholder-alt',
    name: 'PlaceholderAlt',
    summary: 'Image whose alt text is a placeholder',
    description:
      'The alt text says nothing about the image: its own file name, a generic word ("image", "Alt text"), a camera or screenshot name ("IMG_1234", "Screen Shot 2024-05-01 at 10.12.13"), a note such as "TODO", a hash or a UUID. It tells a screen reader user no more than no alt text at all.',
    defaultSeverity: 'error',
    wcag: ['1.1.1'],
    precision: 'high',
  },
  'filename-alt': {
    id: 'filename-alt',
    name: 'FilenameAlt',
    summary: 'Image whose alt text is a file name',
    description:
      'The alt text is written like a file name ("email-success-formatted.png", "report.pdf", "fig_3"), often copied from another image. Screen readers spell it out; it does not describe this image.',
    defaultSeverity: 'error',
    wcag: ['1.1.1'],
    precision: 'high',
  },
  'redundant-prefix': {
    id: 'redundant-prefix',
    name: 'RedundantPrefix',
    summary: 'Alt text that starts with "image of" or "picture of"',
    description:
      'Screen readers already announce an image as one, so "Image of", "Picture of" or "Photo of" is heard twice. The rest of the alt text is often good: drop the opening.',
    defaultSeverity: 'warning',
    wcag: ['1.1.1'],
    precision: 'high',
  },
  'alt-too-long': {
    id: 'alt-too-long',
    name: 'AltTooLong',
    summary: 'Alt text longer than a screen reader user wants to hear',
    description:
      'Alt text is read in one go, without a way to skim or go back. A complex image (a chart, a diagram) wants a short alt text and a long description in the text around it or behind a link.',
    defaultSeverity: 'warning',
    wcag: ['1.1.1'],
    precision: 'medium',
  },
  'duplicate-alt': {
    id: 'duplicate-alt',
    name: 'DuplicateAlt',
    summary: 'Different images in one document with the same alt text',
    description:
      'Two different images with the same alt text sound the same to a screen reader user, who cannot tell them apart. Say what differs between them.',
    defaultSeverity: 'warning',
    wcag: ['1.1.1'],
    precision: 'medium',
  },
  'alt-repeats-text': {
    id: 'alt-repeats-text',
    name: 'AltRepeatsText',
    summary: 'Alt text that repeats the caption or title next to it',
    description:
      'The alt text is the same as the figure caption or the title shown with the image, so screen readers read it twice. Let the alt text say what the caption does not, or leave the description to the caption.',
    defaultSeverity: 'warning',
    wcag: ['1.1.1'],
    precision: 'high',
  },
  'functional-image': {
    id: 'functional-image',
    name: 'FunctionalImage',
    summary: 'Image that is the only content of a link or button without alt text naming it',
    description:
      'When an image is all a link or button holds, its alt text is the name of the link or button: without one, screen readers announce an unlabeled link. The alt text must say where the link goes or what the button does, not what the picture shows.',
    defaultSeverity: 'error',
    wcag: ['1.1.1', '2.4.4', '4.1.2'],
    precision: 'very-high',
  },
  'mismatched-alt': {
    id: 'mismatched-alt',
    name: 'MismatchedAlt',
    summary: 'Alt text that does not seem to match the image',
    description:
      'An image-text matching model (BLIP ITM, run locally by `check --verify-alt`) scores the alt text low against the picture: the image may have been replaced, or the alt text copied from another one. A model can be wrong; read the image and the alt text before changing it.',
    defaultSeverity: 'warning',
    wcag: ['1.1.1'],
    precision: 'medium',
  },
};

/** Where a rule's help is: its section in docs/rules.md, whose anchors are the rule ids. */
export const RULES_DOCUMENT = 'docs/rules.md';
