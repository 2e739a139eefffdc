/**
 * ai-rate-limiting-advanced (905): token budgets per LLM provider over one or more windows.
 * A request is refused (429) when a window's usage has already reached its limit; the tokens a request
 * costs are added afterwards (prompt count in access when a count function is set, the answer's
 * usage in the response phase), so the request that crosses a limit still passes, as in Kong.
 * Counters are in-process whatever `strategy` says (no Redis in the embedded world).
 */
import type { EmulatedPlugin, Headers, ProxyCtx } from "../types.js";
import { counters, identifierFor } from "../rate-limit-common.js";
import { header } from "../util.js";
import { parseJson } from "./conf.js";
import { llmCall } from "./proxy-ctx.js";

interface ProviderLimit {
  name: string;
  limit: number[];
  window_size: number[];
}

interface RateConf {
  llm_providers?: ProviderLimit[] | null;
  policies?: unknown[] | null;
  identifier?: string | null;
  header_name?: string | null;
  path?: string | null;
  error_code?: number | null;
  error_message?: string | null;
  error_hide_providers?: boolean | null;
  hide_client_headers?: boolean | null;
  window_type?: "fixed" | "sliding" | null;
  tokens_count_strategy?: string | null;
  request_prompt_count_function?: string | null;
  custom_cost_count_function?: string | null;
}

/**
 * Token usage lives in the gateway's per-instance counters (`key|window start` → tokens), so two
 * gateways, or a plugin re-created by the next page, never share a budget.
 */
function usage(store: Map<string, number>, key: string, windowS: number, nowMs: number, sliding: boolean): number {
  const nowS = nowMs / 1000;
  const start = Math.floor(nowS / windowS) * windowS;
  const cur = store.get(`${key}|${start}`) ?? 0;
  if (!sliding) return cur;
  const prev = store.get(`${key}|${start - windowS}`) ?? 0;
  return cur + prev * ((windowS - (nowS - start)) / windowS);
}

function add(store: Map<string, number>, key: string, windowS: number, nowMs: number, tokens: number): void {
  const start = Math.floor(nowMs / 1000 / windowS) * windowS;
  store.set(`${key}|${start}`, (store.get(`${key}|${start}`) ?? 0) + tokens);
  const prefix = `${key}|`;
  for (const k of store.keys()) if (k.startsWith(prefix) && Number(k.slice(prefix.length)) < start - windowS) store.delete(k);
}

/** The provider(s) of the ai-proxy / ai-proxy-advanced plugin that will serve this request. */
function providers(ctx: ProxyCtx): string[] {
  const routeId = ctx.route.id;
  const serviceId = ctx.service?.id;
  const found: string[] = [];
  for (const p of ctx.store.list("plugins")) {
    if (p.enabled === false || (p.name !== "ai-proxy" && p.name !== "ai-proxy-advanced")) continue;
    const r = (p.route as { id?: unknown } | null | undefined)?.id;
    const s = (p.service as { id?: unknown } | null | undefined)?.id;
    if ((r !== undefined && r !== routeId) || (s !== undefined && s !== serviceId)) continue;
    const c = (p.config ?? {}) as { model?: { provider?: string }; targets?: { model?: { provider?: string } }[] };
    if (c.model?.provider) found.push(c.model.provider);
    for (const t of c.targets ?? []) if (t.model?.provider) found.push(t.model.provider);
  }
  return [...new Set(found)];
}

/**
 * Kong runs `request_prompt_count_function` as Lua. The emulator understands the one idiom the docs
 * use (a number read from a request header, with a literal fallback) and reports anything else.
 */
export function promptCount(fn: string, ctx: ProxyCtx): number | undefined {
  const h = /tonumber\(\s*kong\.request\.get_header\(\s*["']([^"']+)["']\s*\)\s*\)/.exec(fn);
  if (!h) return undefined;
  const raw = header(ctx.request.headers, h[1]);
  const v = Number(raw);
  if (Number.isFinite(v) && raw !== undefined) return v;
  const fallback = /return\s+(\d+)\s*(?:\n\s*)?$/.exec(fn.trim());
  return fallback ? Number(fallback[1]) : 0;
}

interface Pending {
  headers: Headers;
  keys: { key: string; window: number }[];
  countCompletionOnly: boolean;
}

export const aiRateLimitingAdvanced: EmulatedPlugin<RateConf> = {
  name: "ai-rate-limiting-advanced",
  priority: 905,
  fidelity: "partial",
  gaps: [
    "`policies` (3.14+) and custom_cost_count_function are not emulated",
    "request_prompt_count_function: only the header-number idiom is understood",
    "counters are local to the process whatever `strategy` says",
  ],
  access(ctx, conf, plugin) {
    if ((conf.policies ?? []).length > 0 || conf.custom_cost_count_function) {
      ctx.unemulated.add("ai-rate-limiting-advanced");
      return;
    }
    const used = providers(ctx);
    const limits = (conf.llm_providers ?? []).filter((l) => used.includes(l.name) || l.name === "requestPrompt");
    if (limits.length === 0) return;
    const who = identifierFor(ctx, conf.identifier ?? "consumer", conf.header_name, conf.path);
    const store = counters(ctx, plugin.id);
    const sliding = (conf.window_type ?? "sliding") === "sliding";
    const now = ctx.now();
    const headers: Headers = {};
    const exceeded: string[] = [];
    const keys: { key: string; window: number }[] = [];
    let retryAfter = 0;
    for (const l of limits) {
      l.window_size.forEach((w, i) => {
        const limit = l.limit[i] ?? l.limit[l.limit.length - 1];
        const key = `${who}|${l.name}|${w}`;
        keys.push({ key, window: w });
        const u = usage(store, key, w, now, sliding);
        headers[`x-ai-ratelimit-limit-${w}-${l.name}`] = String(limit);
        headers[`x-ai-ratelimit-remaining-${w}-${l.name}`] = String(Math.max(0, Math.floor(limit - u)));
        if (u >= limit) {
          exceeded.push(l.name);
          const reset = Math.ceil(w - ((now / 1000) % w));
          retryAfter = Math.max(retryAfter, reset);
          headers[`x-ai-ratelimit-retry-after-${w}-${l.name}`] = String(reset);
          headers[`x-ai-ratelimit-reset-${w}-${l.name}`] = String(reset);
        }
      });
    }
    if (exceeded.length > 0) {
      const base = conf.error_message ?? "AI token rate limit exceeded for provider(s): ";
      const message = conf.error_hide_providers ? base : base + [...new Set(exceeded)].join(", ");
      const h: Headers = conf.hide_client_headers ? {} : { ...headers };
      h["retry-after"] = String(retryAfter);
      h["x-ai-ratelimit-retry-after"] = String(retryAfter);
      h["content-type"] = "application/json; charset=utf-8";
      return { status: conf.error_code ?? 429, headers: h, body: Buffer.from(JSON.stringify({ message })) };
    }
    let countCompletionOnly = false;
    if (conf.request_prompt_count_function) {
      const n = promptCount(conf.request_prompt_count_function, ctx);
      if (n === undefined) ctx.unemulated.add("ai-rate-limiting-advanced");
      else {
        for (const k of keys) add(store, k.key, k.window, now, n);
        countCompletionOnly = true;
      }
    }
    const pending: Pending = { headers: conf.hide_client_headers ? {} : headers, keys, countCompletionOnly };
    ctx.shared.set("ai-rate-limiting-advanced", pending);
  },
  response(ctx, _conf, reply) {
    const pending = ctx.shared.get("ai-rate-limiting-advanced") as Pending | undefined;
    return pending ? { ...reply, headers: { ...reply.headers, ...pending.headers } } : reply;
  },
  // Tokens are counted from the reply the client got, which ai-proxy has already put in OpenAI format.
  log(ctx, conf, reply, plugin) {
    const pending = ctx.shared.get("ai-rate-limiting-advanced") as Pending | undefined;
    if (!pending || !llmCall(ctx) || reply.status !== 200) return;
    const u = (parseJson(reply.body)?.usage ?? {}) as Record<string, unknown>;
    const strategy = conf.tokens_count_strategy ?? "total_tokens";
    const pick = pending.countCompletionOnly ? "completion_tokens" : strategy === "cost" ? "total_tokens" : strategy;
    const tokens = typeof u[pick] === "number" ? (u[pick] as number) : 0;
    const store = counters(ctx, plugin.id);
    for (const k of pending.keys) add(store, k.key, k.window, ctx.now(), tokens);
  },
};
