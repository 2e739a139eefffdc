/**
 * rate-limiting-advanced (priority 910): several `limit`/`window_size` pairs, `sliding` (default) or
 * `fixed` windows, counted locally with the injected clock. Headers `X-RateLimit-Limit-<size>`,
 * `X-RateLimit-Remaining-<size>`, `RateLimit-Limit/Remaining/Reset`; on excess `error_code` (429)
 * with `error_message` and `Retry-After`. Sliding windows weight the previous window's count.
 */
import { diag } from "../../core/diagnostic.js";
import { counters, identifierFor, stashed, stashHeaders } from "./rate-limit-common.js";
import type { EmulatedPlugin } from "./types.js";
import { kongError } from "./util.js";

interface Conf {
  limit: number[];
  window_size: number[];
  window_type: "sliding" | "fixed";
  identifier: string;
  header_name?: string | null;
  path?: string | null;
  strategy: string;
  hide_client_headers: boolean;
  error_code: number;
  error_message: string;
  disable_penalty: boolean;
  throttling?: { enabled?: boolean } | null;
}

export const rateLimitingAdvanced: EmulatedPlugin<Conf> = {
  name: "rate-limiting-advanced",
  priority: 910,
  fidelity: "partial",
  gaps: ["`cluster`/`redis` strategies are counted locally", "throttling (3.12+) is not modelled: requests are rejected, not delayed"],
  defaults: () => ({ window_type: "sliding", identifier: "consumer", strategy: "local", hide_client_headers: false, error_code: 429, error_message: "API rate limit exceeded", disable_penalty: false, sync_rate: -1 }),
  validate(conf) {
    if (!Array.isArray(conf.limit) || !Array.isArray(conf.window_size) || !conf.limit.length) {
      return [diag("emulator/rla-limits", "config", "required field missing: 'config.limit', 'config.window_size'")];
    }
    if (conf.limit.length !== conf.window_size.length) {
      return [diag("emulator/rla-lengths", "config", "You must provide the same number of windows and limits")];
    }
    return [];
  },
  access(ctx, conf, plugin) {
    if (conf.throttling?.enabled) ctx.unemulated.add("rate-limiting-advanced");
    const now = ctx.now();
    const id = identifierFor(ctx, conf.identifier, conf.header_name, conf.path);
    const store = counters(ctx, plugin.id);
    const headers: Record<string, string> = {};
    let denied = false;
    let best: { limit: number; remaining: number; reset: number } | undefined;
    const keys: string[] = [];
    conf.limit.forEach((limit, i) => {
      const size = conf.window_size[i];
      const ms = size * 1000;
      const start = Math.floor(now / ms) * ms;
      const key = `${id}|${size}|${start}`;
      const count = store.get(key) ?? 0;
      let rate = count;
      if (conf.window_type !== "fixed") {
        const prev = store.get(`${id}|${size}|${start - ms}`) ?? 0;
        rate = count + prev * ((ms - (now - start)) / ms);
      }
      const over = rate + 1 > limit;
      if (over) denied = true;
      const remaining = Math.max(0, Math.floor(limit - rate - (over ? 0 : 1)));
      const reset = Math.max(1, Math.ceil((start + ms - now) / 1000));
      headers[`x-ratelimit-limit-${size}`] = String(limit);
      headers[`x-ratelimit-remaining-${size}`] = String(remaining);
      if (!best || remaining < best.remaining) best = { limit, remaining, reset };
      keys.push(key);
    });
    if (best) {
      headers["ratelimit-limit"] = String(best.limit);
      headers["ratelimit-remaining"] = String(best.remaining);
      headers["ratelimit-reset"] = String(best.reset);
    }
    const visible = conf.hide_client_headers ? {} : headers;
    if (!denied || (!conf.disable_penalty && conf.window_type !== "fixed")) {
      for (const k of keys) store.set(k, (store.get(k) ?? 0) + 1);
    }
    if (denied) return kongError(ctx, conf.error_code ?? 429, conf.error_message ?? "API rate limit exceeded", { ...visible, "retry-after": String(best?.reset ?? 1) });
    stashHeaders(ctx, "rate-limiting-advanced", visible);
  },
  response(ctx, _conf, reply) {
    const h = stashed(ctx, "rate-limiting-advanced");
    return Object.keys(h).length ? { ...reply, headers: { ...reply.headers, ...h } } : reply;
  },
};
