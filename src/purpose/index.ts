// What an image is for, before what it shows: badges, links, icons and spacers are recognised from
// the markup, and the alt text follows the purpose the writer confirms. Plain Node only.
export * from './types';
export { badgeOf } from './badges';
export { linkPurpose, linksToImage } from './linkPurpose';
export { guessPurpose, ICON_MAX_PX } from './detect';
export { suggestForPurpose, COMPLEX_HINT, type SuggestionSources } from './suggest';
