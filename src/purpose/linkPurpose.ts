import type { ImageContext } from '../markdown/types';
import { decodeUriComponentOrKeep } from '../markdown/decodeUri';
import { urlParts } from './urlParts';
import { capitalise } from './capitalise';

type Link = NonNullable<ImageContext['link']>;

/**
 * What a link or button does, in words a screen reader can announce for an image that is its whole
 * content (W3C: a functional image's alt text names the destination or action, not the picture):
 * "Go to the installation page", "local-alt-text on GitHub", "Email team@example.com". Undefined
 * when nothing in the markup says (a button without text, a link without a destination).
 */
export function linkPurpose(link: Link): string | undefined {
  if (link.text.trim()) return link.text.trim();
  const href = link.href?.trim();
  if (!href) return undefined;
  if (href.startsWith('#')) {
    const section = words(decodeUriComponentOrKeep(href.slice(1)));
    return section ? `Go to the ${section} section` : 'Go to the top of the page';
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  if (scheme === 'mailto') return `Email ${decodeUriComponentOrKeep(href.slice(7).split('?')[0])}`;
  if (scheme === 'tel') return `Call ${decodeUriComponentOrKeep(href.slice(4))}`;
  if (linksToImage(link)) return 'Open the full-size image';
  if (scheme === 'http' || scheme === 'https' || href.startsWith('//')) return webPurpose(href);
  if (scheme) return undefined;
  return pagePurpose(href);
}

/** Whether a link leads to an image file: a thumbnail that opens its full-size picture. */
export function linksToImage(link: Link): boolean {
  const path = (link.href ?? '').split(/[?#]/)[0];
  return /\.(png|jpe?g|gif|webp|avif|svg|bmp|tiff?)$/i.test(path);
}

function webPurpose(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.startsWith('//') ? `https:${href}` : href);
  } catch {
    return undefined;
  }
  const { host, segments } = urlParts(url);
  const known = KNOWN_SITES[host]?.(segments, url.searchParams);
  if (known) return known;
  const page = meaningfulSegment(segments);
  return page ? `${capitalise(words(page))} on ${host}` : `${host} home page`;
}

type SitePurpose = (segments: string[], query: URLSearchParams) => string | undefined;

const repository =
  (site: string): SitePurpose =>
  (segments) =>
    segments[1] ? `${segments[1]} on ${site}` : segments[0] ? `${segments[0]} on ${site}` : undefined;

const KNOWN_SITES: Record<string, SitePurpose> = {
  'github.com': repository('GitHub'),
  'gitlab.com': repository('GitLab'),
  'codeberg.org': repository('Codeberg'),
  'bitbucket.org': repository('Bitbucket'),
  'npmjs.com': (s) => (s[0] === 'package' && s[1] ? `${s.slice(1).join('/')} on npm` : undefined),
  'pypi.org': (s) => (s[0] === 'project' && s[1] ? `${s[1]} on PyPI` : undefined),
  'crates.io': (s) => (s[0] === 'crates' && s[1] ? `${s[1]} on crates.io` : undefined),
  'marketplace.visualstudio.com': (_s, q) => {
    const item = q.get('itemName');
    return item ? `${item.split('.').slice(1).join('.') || item} in the Visual Studio Marketplace` : undefined;
  },
  'youtube.com': (s) => (s[0] === 'watch' || s[0] === 'shorts' ? 'Watch on YouTube' : undefined),
  'youtu.be': () => 'Watch on YouTube',
  'discord.gg': () => 'Join the Discord server',
  'discord.com': (s) => (s[0] === 'invite' ? 'Join the Discord server' : undefined),
  'colab.research.google.com': () => 'Open in Colab',
  'mybinder.org': () => 'Launch Binder',
};

function pagePurpose(href: string): string {
  const path = decodeUriComponentOrKeep(href.split(/[?#]/)[0]);
  const page = meaningfulSegment(path.split('/').filter((s) => s !== '' && s !== '.'));
  return page && page !== '..' ? `Go to the ${words(page)} page` : 'Go to the home page';
}

/** The last path segment that names the page: `docs/install/index.html` is "install". */
function meaningfulSegment(segments: string[]): string | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const name = segments[i].replace(/\.(md|mdx|markdown|html?|php|aspx?|adoc|qmd)$/i, '');
    if (name && !/^(index|readme|default)$/i.test(name)) return name;
  }
  return undefined;
}

/** A slug as words: `getting-started` is "getting started", `CONTRIBUTING` "contributing"; short capitals (API) stay. */
function words(slug: string): string {
  return slug
    .replace(/[-_+.]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (w.length > 4 && w === w.toUpperCase() ? w.toLowerCase() : /^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w))
    .join(' ');
}
