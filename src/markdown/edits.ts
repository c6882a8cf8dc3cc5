import { decorativeMarkerFor } from './decorativeMarker';
import { escapeAttributeValue, escapeMarkdownAlt, normalizeCaption } from './escapeAlt';
import { directiveAltEdit } from './directives/directiveEdits';
import { scanDocument } from './scan';
import type { AltSite, AttributeAltSite, DocumentKind, ImageRef, MarkdownAltSite, TextEdit } from './types';

/** Thrown when an image is no longer where the scan found it: the document changed since. */
export class StaleImageError extends Error {
  override name = 'StaleImageError';
}

/**
 * The smallest edit that gives `ref` exactly `caption` (normalized, see normalizeCaption) as its
 * alt text, escaped for the syntax it is written in. Nothing outside the edit's range changes.
 */
export function altEdit(text: string, ref: ImageRef, caption: string): TextEdit {
  const site = siteOf(text, ref);
  const alt = normalizeCaption(caption);
  if (site.kind === 'directive') return directiveAltEdit(text, site, alt);
  return site.kind === 'markdown' ? markdownAltEdit(text, ref, site, alt) : attributeAltEdit(ref, site, alt);
}

/**
 * Marks an image as decorative. HTML and JSX get `alt=""`. Markdown has no such thing (an empty
 * alt reads as forgotten), so the alt is emptied and a marker that renders to nothing follows the
 * image: `![](a.png)<!-- alt-text: decorative -->`.
 */
export function decorativeEdit(text: string, ref: ImageRef): TextEdit {
  const site = siteOf(text, ref);
  if (site.kind === 'attribute') return attributeAltEdit(ref, site, '');
  // Shortcodes and directives have an alt of their own, so an empty one says "decorative".
  if (site.kind === 'directive') return directiveAltEdit(text, site, '');
  const emptied = ref.alt === '' ? undefined : markdownAltEdit(text, ref, site, '');
  if (site.decorativeMarker) return emptied ?? { range: { start: ref.range.end, end: ref.range.end }, newText: '' };
  const marker = decorativeMarkerFor(site.dialect);
  if (!emptied) return { range: { start: ref.range.end, end: ref.range.end }, newText: marker };
  // One edit has to cover both the label and the end of the image; the text between stays as it was.
  return {
    range: { start: emptied.range.start, end: ref.range.end },
    newText: emptied.newText + text.slice(emptied.range.end, ref.range.end) + marker,
  };
}

/**
 * Applies non-overlapping edits (offsets into `text`) at once. The text is cut once at every edit
 * and joined once, so a document with a hundred thousand images costs no more than reading it.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const parts: string[] = [];
  let from = 0;
  for (const edit of ordered) {
    const { start, end } = edit.range;
    if (start < from || start > end || end > text.length) throw new RangeError('edits overlap or fall outside the text');
    parts.push(text.slice(from, start), edit.newText);
    from = end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

function markdownAltEdit(text: string, ref: ImageRef, site: MarkdownAltSite, alt: string): TextEdit {
  const escaped = escapeMarkdownAlt(alt, site.dialect);
  const reference = site.reference;
  if (reference && reference.type !== 'full') {
    // `![label]` and `![label][]` find their definition through the alt itself; once the alt
    // changes, the label has to be written out: `![new alt][label]`.
    const label = reference.rawLabel.replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ');
    return { range: { start: site.label.start, end: ref.range.end }, newText: `${escaped}][${label}]` };
  }
  return { range: { start: site.label.start, end: site.label.end }, newText: escaped };
}

function attributeAltEdit(ref: ImageRef, site: AttributeAltSite, alt: string): TextEdit {
  const { attribute, value } = site;
  const insideMarkdown = ref.syntax !== 'html';
  if (value && (value.quote === '"' || value.quote === "'")) {
    return { range: value.range, newText: escapeAttributeValue(alt, value.quote, insideMarkdown) };
  }
  const quoted = `"${escapeAttributeValue(alt, '"', insideMarkdown)}"`;
  // An unquoted value or a JSX expression becomes a quoted string; a bare `alt` gets a value.
  if (value) return { range: value.range, newText: quoted };
  if (attribute) return { range: { start: attribute.end, end: attribute.end }, newText: `=${quoted}` };
  const newText = site.insertBefore ? `alt=${quoted} ` : ` alt=${quoted}`;
  return { range: { start: site.insertAt, end: site.insertAt }, newText };
}

function siteOf(text: string, ref: ImageRef): AltSite {
  const site = ref.altSite ?? rescanSite(text, ref);
  const opening = site.kind === 'markdown' ? '![' : site.kind === 'directive' ? site.opening : '<';
  if (!text.startsWith(opening, ref.range.start) || ref.range.end > text.length) {
    throw new StaleImageError('The image is no longer where it was found; scan the document again.');
  }
  return site;
}

// A reference built by hand (without the scanner's altSite) is looked up again in the text.
function rescanSite(text: string, ref: ImageRef): AltSite {
  const kinds: DocumentKind[] =
    ref.syntax === 'html'
      ? ['html']
      : ref.syntax === 'mdx'
        ? ['mdx']
        : ref.syntax === 'asciidoc'
          ? ['asciidoc']
          : ref.syntax.startsWith('markdown')
            ? ['markdown', 'mdx']
            : ['markdown'];
  for (const kind of kinds) {
    const found = scanDocument(text, kind).find((r) => r.range.start === ref.range.start && r.range.end === ref.range.end);
    if (found?.altSite) return found.altSite;
  }
  throw new StaleImageError('No image was found at the given range; scan the document again.');
}
