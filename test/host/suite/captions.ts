import { cleanCaption } from '../../../src/inference/generation/cleanCaption';
import { styleCaption } from '../../../src/inference/generation/captionStyle';
import { goldenText } from './helpers';

/**
 * The alt text the extension should insert for a workspace image: the reference implementation's
 * greedy caption for the tiny model, cleaned as the captioner cleans it, in the default style.
 */
export function expectedAlt(workspaceImage: string): string {
  return styleCaption(cleanCaption(goldenText(workspaceImage)), { capitalize: true, trailingPeriod: false, maxCharacters: 150 });
}
