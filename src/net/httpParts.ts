import type { IncomingMessage } from 'node:http';

/** The statuses that send a client elsewhere with a Location header. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Where `response` sends the client, or undefined when it is no redirect (or one without a Location). */
export function redirectLocation(response: IncomingMessage): string | undefined {
  const location = response.headers.location;
  return REDIRECT_STATUSES.has(response.statusCode ?? 0) && location ? location : undefined;
}

/**
 * A timeout on silence rather than on total duration: `arm()` (on connecting, on the headers, on
 * every body chunk) starts the wait for `ms` again; `stop()` ends it.
 */
export function idleTimer(ms: number, onIdle: () => void): { arm(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    arm() {
      clearTimeout(timer);
      timer = setTimeout(onIdle, ms);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
