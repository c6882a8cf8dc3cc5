import type { Agent } from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/**
 * Picks the proxy for a URL: an explicit one (the extension passes VS Code's `http.proxy`) wins,
 * else HTTPS_PROXY / HTTP_PROXY / ALL_PROXY with NO_PROXY honoured. A proxy from the environment
 * is never used for loopback addresses: a machine-wide proxy cannot reach this machine's own
 * 127.0.0.1 (a local mirror set as HF_ENDPOINT).
 */
export function proxyFor(url: URL, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit || undefined;
  if (isLoopback(url.hostname)) return undefined;
  return getProxyForUrl(url.href) || undefined;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
}

/**
 * One agent per proxy and scheme, reused across requests so connections to the proxy are kept
 * alive. An https target tunnels through CONNECT; a plain http target is sent to the proxy as an
 * absolute URL, which is what every forward proxy expects.
 */
export class ProxyAgents {
  private readonly agents = new Map<string, Agent>();

  agentFor(target: URL, proxy: string | undefined): Agent | undefined {
    if (!proxy) return undefined;
    const key = `${target.protocol} ${proxy}`;
    let agent = this.agents.get(key);
    if (!agent) {
      let proxyUrl: URL;
      try {
        proxyUrl = new URL(/^[a-z]+:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
      } catch {
        throw new TypeError(`The proxy setting '${proxy}' is not a URL`);
      }
      agent =
        target.protocol === 'https:'
          ? new HttpsProxyAgent(proxyUrl, { keepAlive: true })
          : new HttpProxyAgent(proxyUrl, { keepAlive: true });
      this.agents.set(key, agent);
    }
    return agent;
  }

  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
