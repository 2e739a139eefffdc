/**
 * session (priority 1900): after an auth plugin identifies a consumer, the response sets a session
 * cookie (`cookie_name`, default "session"); later requests carrying it are authenticated as that
 * consumer before the auth plugins run (which skip when they have `anonymous` set). Sessions live in
 * memory per gateway instance; logout via `logout_methods` + `logout_query_arg`/`logout_post_arg`.
 */
import { randomBytes } from "node:crypto";
import type { EmulatedPlugin, ProxyCtx } from "./types.js";
import { authenticate, header } from "./util.js";

interface Conf {
  cookie_name: string;
  rolling_timeout: number;
  idling_timeout: number;
  absolute_timeout: number;
  cookie_path: string;
  cookie_same_site: string;
  cookie_http_only: boolean;
  cookie_secure: boolean;
  logout_methods: string[];
  logout_query_arg: string;
  logout_post_arg: string;
}

interface Session {
  consumerId: string;
  credential?: Record<string, unknown>;
  created: number;
  seen: number;
}

function sessions(ctx: ProxyCtx, id: string): Map<string, Session> {
  const state = ctx.pluginState ?? ctx.shared;
  const key = `session:${id}`;
  let m = state.get(key) as Map<string, Session> | undefined;
  if (!m) state.set(key, (m = new Map()));
  return m;
}

function cookie(ctx: ProxyCtx, name: string): string | undefined {
  for (const part of (header(ctx.request.headers, "cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export const session: EmulatedPlugin<Conf> = {
  name: "session",
  priority: 1900,
  fidelity: "partial",
  gaps: ["sessions are stored in memory, not encrypted into the cookie; `storage: kong` and `redis` behave the same"],
  defaults: () => ({
    cookie_name: "session", rolling_timeout: 3600, idling_timeout: 900, absolute_timeout: 86400, cookie_path: "/",
    cookie_same_site: "Strict", cookie_http_only: true, cookie_secure: true, logout_methods: ["POST", "DELETE"],
    logout_query_arg: "session_logout", logout_post_arg: "session_logout",
  }),
  access(ctx, conf, plugin) {
    const store = sessions(ctx, plugin.id);
    const sid = cookie(ctx, conf.cookie_name ?? "session");
    const s = sid ? store.get(sid) : undefined;
    const now = ctx.now() / 1000;
    if (!sid || !s) return;
    const expired = (conf.absolute_timeout > 0 && now - s.created > conf.absolute_timeout) || (conf.idling_timeout > 0 && now - s.seen > conf.idling_timeout);
    const logout =
      (conf.logout_methods ?? []).includes(ctx.request.method) &&
      (ctx.request.query.has(conf.logout_query_arg) || new URLSearchParams(ctx.request.body.toString("utf8")).has(conf.logout_post_arg));
    if (expired || logout) {
      store.delete(sid);
      if (logout) return { status: 200, headers: { "set-cookie": `${conf.cookie_name}=; Path=${conf.cookie_path}; Max-Age=0` }, body: Buffer.alloc(0) };
      return;
    }
    const consumer = ctx.store.get("consumers", s.consumerId);
    if (!consumer) return;
    s.seen = now;
    authenticate(ctx, consumer, s.credential);
    ctx.shared.set("session:id", sid);
  },
  response(ctx, conf, reply, plugin) {
    if (ctx.shared.get("session:id") || !ctx.consumer || ctx.shared.get("anonymous") || reply.status >= 400) return reply;
    const sid = randomBytes(24).toString("base64url");
    const now = ctx.now() / 1000;
    sessions(ctx, plugin.id).set(sid, { consumerId: ctx.consumer.id, credential: ctx.credential, created: now, seen: now });
    const attrs = [`${conf.cookie_name}=${sid}`, `Path=${conf.cookie_path}`, `SameSite=${conf.cookie_same_site}`];
    if (conf.cookie_secure) attrs.push("Secure");
    if (conf.cookie_http_only) attrs.push("HttpOnly");
    const prev = reply.headers["set-cookie"];
    const cookies = [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), attrs.join("; ")];
    return { ...reply, headers: { ...reply.headers, "set-cookie": cookies } };
  },
};
