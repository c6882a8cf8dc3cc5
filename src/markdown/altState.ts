import { placeholderVerdict } from '../rules/altPatterns';
import type { AltState } from './types';

export interface AltJudgement {
  altState: AltState;
  reason?: string;
}

export interface AltFacts {
  /** The alt text as it means, or null when the image has none at all. */
  alt: string | null;
  src: string;
  /** The writer said the image is decorative (ARIA role/hidden, or our Markdown marker). */
  declaredDecorative: boolean;
  /** An empty alt in Markdown can only mean "forgot", unless the writer configured otherwise. */
  emptyMeans: 'missing' | 'empty' | 'decorative';
  extraPlaceholders?: readonly string[];
}

/** Decides which state an image's alt text is in, and why when it is a placeholder. */
export function judgeAlt(facts: AltFacts): AltJudgement {
  if (facts.declaredDecorative) return { altState: 'decorative' };
  if (facts.alt === null) return { altState: 'missing' };
  if (facts.alt.trim() === '') return { altState: facts.emptyMeans };
  const reason = placeholderReason(facts.alt, facts.src, facts.extraPlaceholders ?? []);
  return reason ? { altState: 'placeholder', reason } : { altState: 'ok' };
}

/** Why `alt` tells nothing about the image, or undefined when it may well be useful (see src/rules/altPatterns.ts). */
export function placeholderReason(alt: string, src: string, extraPlaceholders: readonly string[]): string | undefined {
  return placeholderVerdict(alt, src, extraPlaceholders)?.reason;
}
