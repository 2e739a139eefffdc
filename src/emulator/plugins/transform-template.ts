/**
 * The `$(headers.x)`, `$(headers["x-y"])`, `$(query_params.x)`, `$(uri_captures.x)` templates of
 * request-transformer values. An unknown expression is a template error (Kong answers 500).
 */
import type { ProxyCtx } from "./types.js";
import { header } from "./util.js";

export class TemplateError extends Error {}

export function renderTemplate(value: string, ctx: ProxyCtx): string {
  return value.replace(/\$\((.*?)\)/g, (_m, expr: string) => {
    const e = expr.trim();
    const m = /^(headers|query_params|uri_captures|shared)(?:\.([\w-]+)|\[\s*["']([^"']+)["']\s*\])$/.exec(e);
    if (!m) throw new TemplateError(`unsupported template expression '${e}'`);
    const key = m[2] ?? m[3];
    if (m[1] === "headers") return header(ctx.request.headers, key) ?? "";
    if (m[1] === "query_params") return ctx.request.query.get(key) ?? "";
    if (m[1] === "uri_captures") return ctx.uriCaptures[key] ?? "";
    return String(ctx.shared.get(key) ?? "");
  });
}

/** "name:value" → [name, value]; a value may itself contain ':'. */
export function splitPair(s: string): [string, string] {
  const i = s.indexOf(":");
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}
