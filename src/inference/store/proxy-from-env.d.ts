// proxy-from-env ships no type declarations; this is the one function it exports.
declare module 'proxy-from-env' {
  /** The proxy URL the *_PROXY variables name for `url`, or '' when it should go direct (NO_PROXY). */
  export function getProxyForUrl(url: string | URL): string;
}
