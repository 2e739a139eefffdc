/**
 * rate-limiting (priority 910): fixed windows per second … year, counted locally per gateway
 * instance with the injected clock. Headers `RateLimit-Limit/Remaining/Reset` (most constrained
 * window) and `X-RateLimit-Limit-<Window>` / `X-RateLimit-Remaining-<Window>`; on excess
 * `error_code` (429) "API rate limit exceeded" with `Retry-After`. Denied requests are not counted.
 */
import { diag } from "../../core/diagnostic.js";
import { counters, identifierFor, stashed, stashHeaders } from "./rate-limit-common.js";
import type { EmulatedPlugin } from "./types.js";
import { kongError } from "./util.js";

const PERIODS = ["second", "minute", "hour", "day", "month", "year"] as const;
type Period = (typeof PERIODS)[number];
const SECONDS: Record<Period, number> = { second: 1, minute: 60, hour: 3600, day: 86400, month: 2592000, year: 31536000 };

type Conf = Partial<Record<Period, number | null>> & {
  limit_by: string;
  header_name?: string | null;
  path?: string | null;
  policy: string;
  hide_client_headers: boolean;
  error_code: number;
  error_message: string;
};

/** Start of the window containing `now` (calendar months and years, in UTC). */
function windowStart(p: Period, now: number): number {
  const d = new Date(now);
  if (p === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (p === "year") return Date.UTC(d.getUTCFullYear(), 0, 1);
  const ms = SECONDS[p] * 1000;
  return Math.floor(now / ms) * ms;
}



export const rateLimiting: EmulatedPlugin<Conf> = {
  name: "rate-limiting",
  priority: 910,
  fidelity: "partial",
  gaps: ["`cluster` and `redis` policies are counted locally, like `local`"],
  defaults: () => ({ limit_by: "consumer", policy: "local", hide_client_headers: false, error_code: 429, error_message: "API rate limit exceeded", fault_tolerant: true, sync_rate: -1 }),
  validate(conf) {
    if (!PERIODS.some((p) => typeof conf[p] === "number")) {
      return [diag("emulator/rate-limit-window", "config", `at least one of these fields must be non-empty: ${PERIODS.map((p) => `'config.${p}'`).join(", ")}`)];
    }
    const set = PERIODS.filter((p) => typeof conf[p] === "number");
    for (let i = 1; i < set.length; i++) {
      if ((conf[set[i]] as number) < (conf[set[i - 1]] as number)) {
        return [diag("emulator/rate-limit-order", "config", `The limit for ${set[i]}(${conf[set[i]]}) cannot be lower than the limit for ${set[i - 1]}(${conf[set[i - 1]]})`)];
      }
    }
    return [];
  },
  access(ctx, conf, plugin) {
    const now = ctx.now();
    const id = identifierFor(ctx, conf.limit_by, conf.header_name, conf.path);
    const store = counters(ctx, plugin.id);
    const usage: { p: Period; limit: number; remaining: number; key: string }[] = [];
    let stop: Period | undefined;
    for (const p of PERIODS) {
      const limit = conf[p];
      if (typeof limit !== "number") continue;
      const key = `${id}|${p}|${windowStart(p, now)}`;
      const remaining = limit - (store.get(key) ?? 0);
      if (remaining <= 0) stop = p;
      usage.push({ p, limit, remaining, key });
    }
    const headers: Record<string, string> = {};
    let best: { limit: number; remaining: number; window: number; reset: number } | undefined;
    for (const u of usage) {
      const remaining = Math.max(0, stop === undefined || stop === u.p ? u.remaining - 1 : u.remaining);
      const window = SECONDS[u.p];
      if (!best || remaining < best.remaining || (remaining === best.remaining && window > best.window)) {
        best = { limit: u.limit, remaining, window, reset: Math.max(1, window - Math.floor((now - windowStart(u.p, now)) / 1000)) };
      }
      headers[`x-ratelimit-limit-${u.p}`] = String(u.limit);
      headers[`x-ratelimit-remaining-${u.p}`] = String(remaining);
    }
    if (best) {
      headers["ratelimit-limit"] = String(best.limit);
      headers["ratelimit-remaining"] = String(best.remaining);
      headers["ratelimit-reset"] = String(best.reset);
    }
    const visible = conf.hide_client_headers ? {} : headers;
    if (stop) {
      return kongError(ctx, conf.error_code ?? 429, conf.error_message ?? "API rate limit exceeded", { ...visible, "retry-after": String(best?.reset ?? 1) });
    }
    for (const u of usage) store.set(u.key, (store.get(u.key) ?? 0) + 1);
    if (conf.policy !== "local") ctx.shared.set("rate-limiting:policy", conf.policy);
    stashHeaders(ctx, "rate-limiting", visible);
  },
  response(ctx, _conf, reply) {
    const h = stashed(ctx, "rate-limiting");
    return Object.keys(h).length ? { ...reply, headers: { ...reply.headers, ...h } } : reply;
  },
};


