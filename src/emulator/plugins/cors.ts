/**
 * cors (priority 2000): an `OPTIONS` request with `Access-Control-Request-Method` is a preflight that
 * Kong answers 200 itself (unless `preflight_continue`); other responses get the CORS headers added.
 * The plugin never rejects a request.
 */
import type { EmulatedPlugin, Headers, ProxyCtx, Reply } from "./types.js";
import { header } from "./util.js";

interface Conf {
  origins?: string[] | null;
  headers?: string[] | null;
  exposed_headers?: string[] | null;
  methods: string[];
  max_age?: number | null;
  credentials: boolean;
  preflight_continue: boolean;
  private_network: boolean;
}

const ALL_METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"];

function allowOrigin(ctx: ProxyCtx, conf: Conf): { value?: string; vary: boolean } {
  const origin = header(ctx.request.headers, "origin");
  const origins = conf.origins ?? [];
  if (!origins.length || origins.includes("*")) {
    if (conf.credentials && origin) return { value: origin, vary: true };
    return { value: "*", vary: false };
  }
  if (origins.length === 1 && !/[\^$*+?()[\]{}|\\]/.test(origins[0])) return { value: origins[0], vary: true };
  if (!origin) return { vary: true };
  for (const o of origins) {
    if (o === origin) return { value: origin, vary: true };
    try {
      if (/[\^$*+?()[\]{}|\\]/.test(o) && new RegExp(`^(?:${o})$`).test(origin)) return { value: origin, vary: true };
    } catch {
      // an invalid pattern never matches
    }
  }
  return { vary: true };
}

function common(ctx: ProxyCtx, conf: Conf): Headers {
  const h: Headers = {};
  const { value, vary } = allowOrigin(ctx, conf);
  if (value) h["access-control-allow-origin"] = value;
  if (vary) h["vary"] = "Origin";
  if (conf.credentials) h["access-control-allow-credentials"] = "true";
  return h;
}

const isPreflight = (ctx: ProxyCtx) => ctx.request.method === "OPTIONS" && header(ctx.request.headers, "access-control-request-method") !== undefined;

export const cors: EmulatedPlugin<Conf> = {
  name: "cors",
  priority: 2000,
  fidelity: "full",
  defaults: () => ({ methods: ALL_METHODS, credentials: false, preflight_continue: false, private_network: false }),
  access(ctx, conf): Reply | void {
    if (!isPreflight(ctx) || conf.preflight_continue) return;
    const h = common(ctx, conf);
    const reqHeaders = header(ctx.request.headers, "access-control-request-headers");
    if (conf.headers?.length) h["access-control-allow-headers"] = conf.headers.join(",");
    else if (reqHeaders) h["access-control-allow-headers"] = reqHeaders;
    h["access-control-allow-methods"] = (conf.methods?.length ? conf.methods : ALL_METHODS).join(",");
    if (conf.max_age != null) h["access-control-max-age"] = String(conf.max_age);
    if (conf.private_network && header(ctx.request.headers, "access-control-request-private-network") === "true") h["access-control-allow-private-network"] = "true";
    ctx.shared.set("cors:preflight", true);
    return { status: 200, headers: h, body: Buffer.alloc(0) };
  },
  response(ctx, conf, reply) {
    if (ctx.shared.get("cors:preflight")) return reply;
    if (isPreflight(ctx) && conf.preflight_continue) return reply;
    const h = { ...reply.headers, ...common(ctx, conf) };
    if (conf.exposed_headers?.length) h["access-control-expose-headers"] = conf.exposed_headers.join(",");
    return { ...reply, headers: h };
  },
};
