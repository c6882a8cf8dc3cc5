// The alt text the extension writes for a decoded caption with its default settings, for the
// person-like scripts (plain JavaScript): build-suite.js bundles this file to test/host/out/altFor.js.
import { styleCaption } from '../../../src/inference/generation/captionStyle';
import { cleanCaption, DEFAULT_MAX_CHARACTERS } from '../../../src/inference/generation/cleanCaption';

export function altFor(decodedText: string): string {
  return styleCaption(cleanCaption(decodedText), { capitalize: true, trailingPeriod: false, maxCharacters: DEFAULT_MAX_CHARACTERS });
}
