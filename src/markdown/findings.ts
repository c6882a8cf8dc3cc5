import type { AltState, ImageRef } from './types';

/** The alt states worth telling the writer about unless configured otherwise. */
export const DEFAULT_FINDING_STATES: readonly AltState[] = ['missing', 'placeholder'];

/** Whether an image should be reported: its alt state is one of `states`. */
export function isFinding(ref: ImageRef, states: readonly AltState[] = DEFAULT_FINDING_STATES): boolean {
  return states.includes(ref.altState);
}
