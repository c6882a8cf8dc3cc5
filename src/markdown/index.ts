// The scanner's public face: find images and judge their alt text, resolve their sources, and
// compute the edits that give them new alt text. Plain Node only; the CLI and the extension share it.
export * from './types';
export { DEFAULT_MDX_IMAGE_COMPONENTS, type ScanOptions } from './scanOptions';
export { ScanLimitError, DEFAULT_SCAN_LIMITS, type ScanLimits, type ScanLimitReason } from './scanBudget';
export { documentKindFor } from './documentKind';
export { scanDocument, scanDocumentWithWarnings, type ScanResult } from './scan';
export { resolveSource, DEFAULT_SITE_ROOTS, type ResolveOptions } from './resolveSource';
export { altEdit, applyEdits, decorativeEdit, StaleImageError } from './edits';
export { normalizeCaption } from './escapeAlt';
export { isFinding, DEFAULT_FINDING_STATES } from './findings';
export { MARKDOWN_DECORATIVE_MARKER, MDX_DECORATIVE_MARKER } from './decorativeMarker';
export * from './site';
// What an image is for rides in the same lazily loaded bundle: it judges the images the scanner finds.
export * from '../purpose';
