import { decodeUriComponentOrKeep } from '../markdown/decodeUri';

/**
 * A name for where a link goes, from its address alone, to offer as the alt text of an image that
 * is the whole link: "Releases of acme/widget on GitHub", "Installation", "Email help@example.com".
 * Undefined when the address says nothing a reader could use (a bare `#`, script, an empty href).
 */
export function linkPurpose(href: string | null): string | undefined {
  const value = href?.trim();
  if (!value || value === '#' || /^javascript:/i.test(value)) return undefined;
  const mail = /^mailto:([^?]+)/i.exec(value);
  if (mail) return `Email ${decodeUriComponentOrKeep(mail[1])}`;
  const tel = /^tel:(.+)$/i.exec(value);
  if (tel) return `Call ${decodeUriComponentOrKeep(tel[1])}`;
  if (value.startsWith('#')) return words(decodeUriComponentOrKeep(value.slice(1)));
  let url: URL;
  try {
    url = new URL(value, 'relative:/');
  } catch {
    return undefined;
  }
  const segments = url.pathname
    .split('/')
    .map((s) => decodeUriComponentOrKeep(s))
    .filter((s) => s && !/^index\.[a-z]+$/i.test(s) && s !== '.' && s !== '..');
  if (url.protocol === 'relative:') {
    const last = segments.at(-1);
    const anchor = url.hash ? words(decodeUriComponentOrKeep(url.hash.slice(1))) : undefined;
    return anchor ?? (last ? words(last.replace(/\.(?:md|mdx|markdown|html?|adoc|qmd)$/i, '')) : undefined);
  }
  if (!/^https?:$/i.test(url.protocol)) return undefined;
  const host = url.hostname.replace(/^www\./i, '');
  if ((host === 'github.com' || host === 'gitlab.com') && segments.length >= 2) {
    const site = host === 'github.com' ? 'GitHub' : 'GitLab';
    const repository = `${segments[0]}/${segments[1]}`;
    const section = segments[2] ? `${capitalize(words(segments[2]) ?? segments[2])} of ` : '';
    return `${section}${repository} on ${site}`;
  }
  const last = segments.at(-1);
  const page = last ? words(last.replace(/\.[a-z0-9]{2,5}$/i, '')) : undefined;
  return page ? `${capitalize(page)} on ${host}` : host;
}

// "getting-started" and "getting_started" read as "Getting started".
function words(slug: string): string | undefined {
  const text = slug
    .replace(/[-_+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? capitalize(text) : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
