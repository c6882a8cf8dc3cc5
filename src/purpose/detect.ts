import type { ImageRef } from '../markdown/types';
import { badgeOf } from './badges';
import { linkPurpose, linksToImage } from './linkPurpose';
import type { PurposeGuess } from './types';

/**
 * The largest icon, in CSS pixels, that reads as decoration when it sits beside text: toolbar and
 * inline icons are 16 to 24 px, app icons beside their name up to 32.
 */
export const ICON_MAX_PX = 32;

/** File names of the transparent pixels old layouts use for spacing. */
const SPACER_NAME = /(^|[/_-])(spacer|blank|clear|pixel|transparent|1x1)\.(gif|png)$/i;
const ICON_NAME = /(^|[/_.-])icons?([/_.-]|$)/i;

/**
 * What the image is most likely for, from its URL and its surroundings, following the W3C
 * decision tree's order: a badge is text whose alt is its label; an image that is a link's whole
 * content is functional; a spacer, or a small icon beside words that say the same, is decorative;
 * anything else is informative until the writer says otherwise.
 */
export function guessPurpose(image: Pick<ImageRef, 'src' | 'context'>): PurposeGuess {
  const context = image.context ?? {};
  const link = context.link;
  const purposeOfLink = link ? linkPurpose(link) : undefined;
  const withLink = purposeOfLink ? { linkPurpose: purposeOfLink } : {};

  const badge = badgeOf(image.src);
  if (badge) return { purpose: 'text', reason: `a ${badge.service} badge: its alt text is its label`, badge, ...withLink };

  const container = link?.kind === 'button' ? 'button' : 'link';
  if (link && link.text.trim() === '') {
    if (link.kind === 'link' && linksToImage(link))
      return { purpose: 'informative', reason: 'a link to the full-size picture: the alt text describes the picture', ...withLink };
    return { purpose: 'functional', reason: `the whole content of a ${container}: the alt text says what it does`, ...withLink };
  }

  const size = context.size;
  const spacerSize = size && ((size.width !== undefined && size.width <= 1) || (size.height !== undefined && size.height <= 1));
  if (spacerSize || SPACER_NAME.test(pathOf(image.src))) return { purpose: 'decorative', reason: 'a spacer image', ...withLink };

  if (link) return { purpose: 'decorative', reason: `the ${container}'s own text says what it does`, ...withLink };

  if (context.besideText) {
    const largest = Math.max(size?.width ?? 0, size?.height ?? 0);
    if (largest > 0 && largest <= ICON_MAX_PX) return { purpose: 'decorative', reason: `a ${largest} px icon beside text`, ...withLink };
    if (largest === 0 && ICON_NAME.test(pathOf(image.src))) return { purpose: 'decorative', reason: 'an icon beside text', ...withLink };
  }
  return { purpose: 'informative', reason: 'describe what the image shows', ...withLink };
}

function pathOf(src: string): string {
  return src.split(/[?#]/)[0];
}
