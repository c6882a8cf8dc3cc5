import type { DirectiveAltSite, TextEdit } from '../types';

/**
 * The caption as a directive dialect can hold it. A few captions cannot be written exactly: in
 * AsciiDoc a backslash before a quote or bracket, or at the end, would escape what follows it; in a
 * Hugo parameter that holds a backtick (so it cannot be a raw string), a trailing backslash would
 * escape the closing quote. Those backslashes go.
 */
export function writableCaption(dialect: DirectiveAltSite['dialect'], caption: string): string {
  if (dialect === 'asciidoc') return caption.replace(/\\+(?=["\]]|$)/g, '');
  if (dialect === 'hugo' && caption.includes('`') && (caption.includes('"') || caption.endsWith('\\'))) return caption.replace(/\\+$/, '');
  return caption;
}

/** The alt value, quoted and escaped so that the dialect reads back exactly `caption`. */
export function quotedCaption(dialect: DirectiveAltSite['dialect'], caption: string): string {
  switch (dialect) {
    case 'hugo':
      // Hugo reads \" inside "…" as a quote and nothing inside `…` (a raw string).
      if (!caption.includes('"') && !caption.endsWith('\\')) return `"${caption}"`;
      if (!caption.includes('`')) return `\`${caption}\``;
      return `"${caption.replace(/"/g, '\\"')}"`;
    case 'pandoc':
      return `"${caption.replace(/[\\"]/g, '\\$&')}"`;
    case 'learn':
      // The value goes into the page's HTML as written; `:::` would end the directive.
      return `"${caption
        .replace(/&(?=#?\w+;)/g, '&amp;')
        .replace(/"/g, '&quot;')
        .replace(/:(?=::)/g, '&#58;')}"`;
    case 'myst':
      // An option's value is the rest of its line, taken as it is.
      return caption;
    case 'asciidoc': {
      const escaped = caption.replace(/\]/g, '\\]');
      // Unquoted, a comma ends the value, `name=` makes it a named attribute, a leading quote quotes it.
      return /[,"']|^[\w-]+\s*=|^\s|\s$/.test(caption) || caption === '' ? `"${escaped.replace(/"/g, '\\"')}"` : escaped;
    }
  }
}

/** Replaces the alt value (with its quotes) or adds one where the directive takes it. */
export function directiveAltEdit(text: string, site: DirectiveAltSite, alt: string): TextEdit {
  const caption = writableCaption(site.dialect, alt);
  const quoted = quotedCaption(site.dialect, caption);
  if (site.value) {
    const quoteLength = site.value.quote ? 1 : 0;
    const range = { start: site.value.range.start - quoteLength, end: site.value.range.end + quoteLength };
    // `:alt:` with no value yet: its value needs a blank before it.
    const gap = site.dialect === 'myst' && quoted && text[range.start - 1] === ':' ? ' ' : '';
    return { range, newText: gap + quoted };
  }
  return { range: { start: site.insert.at, end: site.insert.at }, newText: site.insert.before + quoted + site.insert.after };
}
