/**
 * key-auth (priority 1250): key from header, then query (`key_in_query`), then body (`key_in_body`),
 * per `key_names`; 401 "No API key found in request" / "Unauthorized" with `WWW-Authenticate: Key`.
 */
import { hideCredentialsDefault } from "../version.js";
import type { EmulatedPlugin, ProxyCtx } from "./types.js";
import { alreadyAuthenticated, anonymous, authenticate, headerAll, kongError } from "./util.js";

interface Conf {
  key_names: string[];
  key_in_header: boolean;
  key_in_query: boolean;
  key_in_body: boolean;
  hide_credentials: boolean;
  anonymous?: string | null;
  run_on_preflight: boolean;
  realm?: string | null;
}

function bodyJson(ctx: ProxyCtx): Record<string, unknown> | undefined {
  const ct = String(ctx.request.headers["content-type"] ?? "");
  const text = ctx.request.body.toString("utf8");
  if (ct.includes("application/json")) {
    try {
      const v: unknown = JSON.parse(text);
      return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  if (ct.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  return undefined;
}

export const keyAuth: EmulatedPlugin<Conf> = {
  name: "key-auth",
  priority: 1250,
  fidelity: "full",
  defaults: (version) => ({
    key_names: ["apikey"],
    key_in_header: true,
    key_in_query: true,
    key_in_body: false,
    hide_credentials: hideCredentialsDefault(version),
    anonymous: null,
    run_on_preflight: true,
    realm: null,
  }),
  access(ctx, conf) {
    if (!conf.run_on_preflight && ctx.request.method === "OPTIONS") return;
    if (alreadyAuthenticated(ctx) && conf.anonymous) return;
    const wwwAuth = { "www-authenticate": conf.realm ? `Key realm="${conf.realm}"` : "Key" };
    let key: string | undefined;
    let where: { kind: "header" | "query" | "body"; name: string } | undefined;
    const body = conf.key_in_body ? bodyJson(ctx) : undefined;
    for (const name of conf.key_names ?? ["apikey"]) {
      const inHeader = conf.key_in_header !== false ? headerAll(ctx.request.headers, name) : [];
      if (inHeader.length > 1) return kongError(ctx, 401, "Duplicate API key found", wwwAuth);
      if (inHeader.length === 1) {
        key = inHeader[0];
        where = { kind: "header", name };
        break;
      }
      if (conf.key_in_query !== false) {
        const all = ctx.request.query.getAll(name);
        if (all.length > 1) return kongError(ctx, 401, "Duplicate API key found", wwwAuth);
        if (all.length === 1) {
          key = all[0];
          where = { kind: "query", name };
          break;
        }
      }
      if (body && typeof body[name] === "string") {
        key = body[name] as string;
        where = { kind: "body", name };
        break;
      }
    }
    const fail = (message: string) => {
      const anon = anonymous(ctx, conf.anonymous);
      if (anon === "ok") return undefined;
      return anon ?? kongError(ctx, 401, message, wwwAuth);
    };
    if (key === undefined || key === "") return fail("No API key found in request");
    const cred = ctx.store.list("keyauth_credentials").find((c) => c.key === key);
    const consumer = cred ? ctx.store.get("consumers", String((cred.consumer as { id: string }).id)) : undefined;
    if (!cred || !consumer) return fail("Unauthorized");
    if (typeof cred.ttl === "number" && cred.ttl > 0 && typeof cred.created_at === "number" && ctx.now() / 1000 > cred.created_at + cred.ttl) {
      return fail("Unauthorized");
    }
    if (conf.hide_credentials && where) {
      if (where.kind === "header") delete ctx.request.headers[where.name.toLowerCase()];
      if (where.kind === "query") ctx.request.query.delete(where.name);
      if (where.kind === "body" && body) {
        delete body[where.name];
        ctx.request.body = Buffer.from(String(ctx.request.headers["content-type"]).includes("json") ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString());
      }
    }
    authenticate(ctx, consumer, cred);
  },
};
