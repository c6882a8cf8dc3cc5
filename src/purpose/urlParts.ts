import { decodeUriComponentOrKeep } from '../markdown/decodeUri';

/**
 * A web address as the tables of known sites read it (badge services, link destinations): the host
 * in lower case without `www.`, and the path's segments, decoded, empty ones left out.
 */
export function urlParts(url: URL): { host: string; segments: string[] } {
  return {
    host: url.hostname.toLowerCase().replace(/^www\./, ''),
    segments: url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map(decodeUriComponentOrKeep),
  };
}
