// The review's purpose logic, apart from the webview: what each row offers for each purpose, the
// decision it starts with, and what the page may send back. Plain Node, so it is unit-tested.
import type { Scanner } from '../../extension/scanner';
import type { ImageRef } from '../../markdown/types';
import type { ImagePurpose } from '../../purpose';

/** The writer's verdict on one proposal: its purpose, and the alt text (unused when decorative). */
export interface Decision {
  occurrenceId: number;
  accept: boolean;
  caption: string;
  purpose: ImagePurpose;
}

/** What the review needs of the purpose module (in the lazily loaded scanner bundle). */
export type PurposeJudge = Pick<Scanner, 'guessPurpose' | 'suggestForPurpose' | 'IMAGE_PURPOSES' | 'PURPOSE_DESCRIPTIONS'>;

/** For each purpose the writer can pick, the alt text it gives, and what else to do. */
export type PurposeSuggestions = Record<ImagePurpose, { alt: string; decorative: boolean; hint?: string }>;

export interface PurposeChoices {
  /** The likely purpose, and why. */
  purpose: ImagePurpose;
  purposeReason: string;
  suggestions: PurposeSuggestions;
}

/** What one image offers: its likely purpose and, for every purpose, the suggestion it gives with this caption. */
export function purposeChoices(image: ImageRef, caption: string | undefined, judge: PurposeJudge): PurposeChoices {
  const guess = judge.guessPurpose(image);
  const suggestions = {} as PurposeSuggestions;
  for (const purpose of judge.IMAGE_PURPOSES) {
    const s = judge.suggestForPurpose(purpose, guess, { caption });
    suggestions[purpose] = { alt: s.alt ?? '', decorative: s.decorative, hint: s.hint };
  }
  return { purpose: guess.purpose, purposeReason: guess.reason, suggestions };
}

/**
 * A row starts with its likely purpose and that purpose's suggestion, accepted when there is
 * something to apply (an alt text, or the decorative mark).
 */
export function defaultDecision(occurrenceId: number, choices: PurposeChoices): Decision {
  const suggestion = choices.suggestions[choices.purpose];
  return {
    occurrenceId,
    purpose: choices.purpose,
    caption: suggestion.alt,
    accept: suggestion.decorative || suggestion.alt.trim() !== '',
  };
}

/** Whether a decision changes the document when applied. */
export function applies(decision: Decision): boolean {
  return decision.accept && (decision.purpose === 'decorative' || decision.caption.trim() !== '');
}

/** Only known rows, with real booleans, strings and purposes, whatever the page sent. */
export function sanitizeDecisions(incoming: unknown, previous: Decision[], purposes: readonly ImagePurpose[]): Decision[] {
  if (!Array.isArray(incoming)) return previous;
  const known = new Map(previous.map((d) => [d.occurrenceId, d]));
  const next = new Map(known);
  for (const d of incoming as Partial<Decision>[]) {
    if (typeof d?.occurrenceId !== 'number' || !known.has(d.occurrenceId)) continue;
    const before = known.get(d.occurrenceId)!;
    next.set(d.occurrenceId, {
      occurrenceId: d.occurrenceId,
      accept: d.accept === true,
      caption: typeof d.caption === 'string' ? d.caption : before.caption,
      purpose: purposes.includes(d.purpose as ImagePurpose) ? (d.purpose as ImagePurpose) : before.purpose,
    });
  }
  return [...next.values()];
}
