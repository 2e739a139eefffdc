/**
 * The host map of the embedded world: which local handler answers an upstream host. The httpbin
 * echo and the LLM provider doubles register their default hosts; `GatewayOptions.hosts` adds more.
 * Loopback hosts are the one exception that reaches a real socket (tests use it for slow or dead
 * upstreams); any other host is unknown and never contacted.
 */
import { HTTPBIN, HTTPBUN } from "./httpbin.js";
import { PROVIDER_UPSTREAMS } from "./providers/index.js";
import type { Upstream } from "./types.js";

export const UPSTREAMS: Upstream[] = [HTTPBIN, HTTPBUN, ...PROVIDER_UPSTREAMS];

export interface HostMap {
  byHost: Map<string, Upstream>;
  wildcard: [string, Upstream][];
}

/** `extra` maps host → upstream name (`{"api.example.test": "httpbin"}`); unknown names are reported. */
export function buildHostMap(extra: Record<string, string> = {}): { map: HostMap; unknown: string[] } {
  const byName = new Map(UPSTREAMS.map((u) => [u.name, u]));
  const map: HostMap = { byHost: new Map(), wildcard: [] };
  const add = (host: string, u: Upstream) => {
    const h = host.toLowerCase();
    if (h.startsWith("*.")) map.wildcard.push([h.slice(1), u]);
    else map.byHost.set(h, u);
  };
  for (const u of UPSTREAMS) for (const h of u.hosts) add(h, u);
  const unknown: string[] = [];
  for (const [host, name] of Object.entries(extra)) {
    const u = byName.get(name);
    if (u) add(host, u);
    else unknown.push(`${host} → ${name}`);
  }
  return { map, unknown };
}

export function lookupHost(map: HostMap, host: string): Upstream | undefined {
  const h = host.toLowerCase();
  return map.byHost.get(h) ?? map.wildcard.find(([suffix]) => h.endsWith(suffix))?.[1];
}

export const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);
