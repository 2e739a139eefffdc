/**
 * Kong's AI plugins let string config values name request parts: `$(headers.x)`, `$(uri_captures.x)`,
 * `$(query_params.x)`. Values are resolved per request; an unresolvable reference becomes empty.
 */
import type { ProxyCtx } from "../types.js";

const REF = /\$\((headers|uri_captures|query_params)\.([A-Za-z0-9_-]+)\)/g;

function lookup(ctx: ProxyCtx, kind: string, key: string): string {
  if (kind === "headers") {
    const v = ctx.request.headers[key.toLowerCase()];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  }
  if (kind === "uri_captures") return ctx.uriCaptures[key] ?? "";
  return ctx.request.query.get(key) ?? "";
}

/** A deep copy of `value` with every template reference in its strings resolved. */
export function resolveTemplates<T>(value: T, ctx: ProxyCtx): T {
  if (typeof value === "string") {
    return (value.includes("$(") ? value.replace(REF, (_, kind: string, key: string) => lookup(ctx, kind, key)) : value) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => resolveTemplates(v, ctx)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveTemplates(v, ctx);
    return out as T;
  }
  return value;
}
