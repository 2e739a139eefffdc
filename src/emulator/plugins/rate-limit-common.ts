/**
 * What rate-limiting and rate-limiting-advanced share: the identifier a counter is kept for,
 * counters that live for the gateway instance (the `local` policy), and the header names.
 */
import type { ProxyCtx } from "./types.js";
import { header } from "./util.js";

/** `limit_by` / `identifier`: consumer falls back to credential, then to the client IP. */
export function identifierFor(ctx: ProxyCtx, by: string, headerName?: string | null, path?: string | null): string {
  switch (by) {
    case "ip":
      return ctx.request.clientIp;
    case "credential":
      return ctx.credential?.id ?? ctx.request.clientIp;
    case "service":
      return String(ctx.service?.id ?? ctx.request.clientIp);
    case "header":
      return (headerName && header(ctx.request.headers, headerName)) || ctx.request.clientIp;
    case "path":
      return path && ctx.request.path.startsWith(path) ? path : ctx.request.path || ctx.request.clientIp;
    case "consumer-group":
      return ctx.consumerGroups?.[0] ?? ctx.request.clientIp;
    case "consumer":
    default:
      return ctx.consumer?.id ?? ctx.credential?.id ?? ctx.request.clientIp;
  }
}

/** Counters per plugin instance: key → count. */
export function counters(ctx: ProxyCtx, instanceId: string): Map<string, number> {
  const state = ctx.pluginState ?? (ctx.shared as Map<string, unknown>);
  const key = `ratelimit:${instanceId}`;
  let m = state.get(key) as Map<string, number> | undefined;
  if (!m) state.set(key, (m = new Map()));
  return m;
}

/** Headers set in access are added to whatever response the client gets. */
export function stashHeaders(ctx: ProxyCtx, plugin: string, headers: Record<string, string>): void {
  ctx.shared.set(`${plugin}:headers`, { ...((ctx.shared.get(`${plugin}:headers`) as Record<string, string>) ?? {}), ...headers });
}

export function stashed(ctx: ProxyCtx, plugin: string): Record<string, string> {
  return (ctx.shared.get(`${plugin}:headers`) as Record<string, string> | undefined) ?? {};
}
