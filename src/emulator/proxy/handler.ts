/**
 * The proxy listener's request flow: route, run plugins, forward to the local upstream, run the
 * response and log phases, and answer with Kong's headers. Kong's own answers (no route, 426,
 * 502/503/504, plugin exits) carry `Server`; proxied ones carry `Via` and the latency headers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Json } from "../entities.js";
import { requestId as newRequestId } from "../ids.js";
import type { Headers, ProxyCtx, Reply, UpstreamTarget } from "../plugins/types.js";
import { jsonReply } from "../plugins/util.js";
import { KONG_EXIT_FLAG } from "../plugins/exit-transformer.js";
import type { Runtime } from "../runtime.js";
import type { Entity } from "../state.js";
import { LOOPBACK_HOSTS, lookupHost } from "../upstreams/index.js";
import { forwardLoopback } from "../upstreams/loopback.js";
import type { UpstreamRequest } from "../upstreams/types.js";
import { serverToken } from "../version.js";
import { globalUnemulated, PluginIndex, runAccess, runLog, runResponse, type Selected } from "./pipeline.js";
import { normalisePath, Router, upstreamPath } from "./router.js";

const MAX_BODY = 16 * 1024 * 1024;
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "content-length"];

export const UNEMULATED_HEADER = "x-docval-unemulated";
export const UNKNOWN_UPSTREAM_HEADER = "x-docval-unknown-upstream";

interface Caches {
  generation: number;
  store: unknown;
  router: Router;
  plugins: PluginIndex;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
    req.on("error", () => resolve(undefined));
  });
}

function clientHeaders(req: IncomingMessage): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = v;
  return out;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function kongReply(ctxId: string, status: number, message: string, extra: Headers = {}): Reply {
  return jsonReply(status, { message, request_id: ctxId }, extra);
}

/** Smooth weighted round-robin over an upstream's targets (what Kong's default balancer approximates). */
function pickTarget(rt: Runtime, upstream: Entity): Entity | undefined {
  const targets = rt.store.list("targets").filter((t) => (t.upstream as { id?: string }).id === upstream.id && Number(t.weight) > 0);
  if (!targets.length) return undefined;
  const key = `balancer:${upstream.id}`;
  const current = (rt.pluginState.get(key) as Map<string, number> | undefined) ?? new Map<string, number>();
  rt.pluginState.set(key, current);
  let total = 0;
  let best: Entity | undefined;
  for (const t of targets) {
    const w = Number(t.weight);
    total += w;
    const cw = (current.get(t.id) ?? 0) + w;
    current.set(t.id, cw);
    if (!best || cw > (current.get(best.id) ?? 0)) best = t;
  }
  if (best) current.set(best.id, (current.get(best.id) ?? 0) - total);
  return best;
}

function splitHostPort(target: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(target);
  return m ? { host: m[1], port: m[2] ? Number(m[2]) : 8000 } : { host: target, port: 8000 };
}

export function createProxyHandler(rt: Runtime): (req: IncomingMessage, res: ServerResponse, scheme: "http" | "https") => Promise<void> {
  let caches: Caches | undefined;
  const current = (): Caches => {
    if (!caches || caches.generation !== rt.store.generation || caches.store !== rt.store) {
      caches = { generation: rt.store.generation, store: rt.store, router: new Router(rt.store), plugins: new PluginIndex(rt) };
    }
    return caches;
  };

  return async (req, res, scheme) => {
    const started = Date.now();
    rt.totalRequests++;
    const reqId = newRequestId();
    const abort = new AbortController();
    // Only a client that went away mid-answer aborts the upstream call (an abort builds a DOMException: not per request).
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    const body = await readBody(req);

    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : "");
    const hostHeader = first(req.headers.host) ?? "";
    const host = hostHeader.replace(/:\d+$/, "").toLowerCase();
    const path = normalisePath(rawPath);
    const method = (req.method ?? "GET").toUpperCase();
    const clientIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
    const { router, plugins } = current();
    // Kong's answers before a route is chosen still pass through the global plugins.
    const globals = () => globalUnemulated(plugins, { method, path, host, scheme, headers: req.headers, query, clientIp });
    if (body === undefined) return send(res, method, kongHeaders(kongReply(reqId, 413, "Request size limit exceeded"), rt, reqId, started), globals());

    const match = router.match({ scheme, host, method, path, headers: req.headers });
    if (!match) return send(res, method, kongHeaders(kongReply(reqId, 404, "no Route matched with those values"), rt, reqId, started), globals());
    if (match.protocolMismatch) {
      const code = Number(match.route.https_redirect_status_code ?? 426);
      if (code === 426) {
        const r = kongReply(reqId, 426, "Please use HTTPS protocol", { connection: "Upgrade", upgrade: "TLS/1.2, HTTP/1.1" });
        return send(res, method, kongHeaders(r, rt, reqId, started), globals());
      }
      const location = `https://${hostHeader.replace(/:\d+$/, "")}${rawUrl}`;
      return send(res, method, kongHeaders({ status: code, headers: { location, "content-type": "text/html; charset=utf-8" }, body: Buffer.alloc(0) }, rt, reqId, started), globals());
    }

    const service = match.service;
    let upstream: UpstreamTarget | null = null;
    if (service) {
      upstream = {
        scheme: service.protocol === "https" ? "https" : "http",
        host: String(service.host),
        port: Number(service.port ?? 80),
        path: upstreamPath(service.path as string | null, path, match.matched, match.route.strip_path !== false, String(match.route.path_handling ?? "v0")),
      };
    }
    const ctx: ProxyCtx = {
      request: { method, scheme, host, path, query, headers: clientHeaders(req), body, clientIp },
      route: match.route,
      service,
      uriCaptures: match.captures,
      upstream,
      store: rt.store,
      version: rt.version,
      now: rt.now,
      unemulated: new Set(),
      shared: new Map(),
      requestId: reqId,
      pluginState: rt.pluginState,
    };

    let ran: Selected[] = [];
    let reply: Reply;
    let proxied = false;
    let upstreamMs = 0;
    try {
      const access = await runAccess(rt, plugins, ctx);
      ran = access.ran;
      if (access.reply) reply = access.reply;
      else if (!ctx.upstream) reply = kongReply(reqId, 503, "no Service found with those values");
      else {
        const t0 = Date.now();
        const up = await forward(rt, ctx, ctx.upstream, hostHeader, abort.signal);
        upstreamMs = Date.now() - t0;
        reply = up.reply;
        proxied = up.proxied;
      }
      if (!proxied) ctx.shared.set(KONG_EXIT_FLAG, true);
      reply = await runResponse(ran, ctx, reply);
    } catch (e) {
      reply = kongReply(reqId, 500, "An unexpected error occurred");
      reply.headers["x-docval-error"] = String((e as Error).message).slice(0, 200).replace(/[^\x20-\x7e]/g, "?");
    }
    runLog(ran, ctx, reply);

    const out = proxied ? proxyHeaders(reply, rt, reqId, started, upstreamMs) : kongHeaders(reply, rt, reqId, started);
    send(res, method, out, ctx.unemulated);
  };
}

function kongHeaders(r: Reply, rt: Runtime, reqId: string, started: number): Reply {
  const h: Headers = { ...r.headers };
  h["server"] ??= serverToken(rt.version);
  h["x-kong-response-latency"] = String(Date.now() - started);
  h["x-kong-request-id"] = reqId;
  return { ...r, headers: h };
}

function proxyHeaders(r: Reply, rt: Runtime, reqId: string, started: number, upstreamMs: number): Reply {
  const h: Headers = { ...r.headers };
  for (const k of HOP_BY_HOP) delete h[k];
  h["via"] = `1.1 ${serverToken(rt.version)}`;
  h["x-kong-upstream-latency"] = String(upstreamMs);
  h["x-kong-proxy-latency"] = String(Math.max(0, Date.now() - started - upstreamMs));
  h["x-kong-request-id"] = reqId;
  return { ...r, headers: h };
}

function send(res: ServerResponse, method: string, r: Reply, unemulated: Set<string>): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Headers = { ...r.headers };
  for (const k of HOP_BY_HOP) delete headers[k];
  if (unemulated.size) headers[UNEMULATED_HEADER] = [...unemulated].join(",");
  headers["content-length"] = String(r.body.length);
  // A upgrade-style 426 keeps its Connection/Upgrade hint.
  if (r.headers.connection && r.status === 426) headers.connection = r.headers.connection;
  if (r.headers.upgrade && r.status === 426) headers.upgrade = r.headers.upgrade;
  try {
    res.writeHead(r.status, headers as Record<string, string | string[]>);
    res.end(method === "HEAD" ? undefined : r.body);
  } catch {
    res.destroy();
  }
}

async function forward(rt: Runtime, ctx: ProxyCtx, target: UpstreamTarget, clientHost: string, signal: AbortSignal): Promise<{ reply: Reply; proxied: boolean }> {
  const reqId = ctx.requestId ?? "";
  let host = target.host;
  let port = target.port;
  let hostHeader = port === 80 || port === 443 ? host : `${host}:${port}`;
  const upstreamEntity = rt.store.get("upstreams", host);
  if (upstreamEntity && upstreamEntity.name === host) {
    const t = pickTarget(rt, upstreamEntity);
    if (!t) return { reply: kongReply(reqId, 503, "failure to get a peer from the ring-balancer"), proxied: false };
    ({ host, port } = splitHostPort(String(t.target)));
    hostHeader = typeof upstreamEntity.host_header === "string" ? upstreamEntity.host_header : target.host;
  }
  if (ctx.route.preserve_host === true && clientHost) hostHeader = clientHost;
  const transformedHost = ctx.shared.get("upstream-host-header");
  if (typeof transformedHost === "string") hostHeader = transformedHost;

  const headers: Headers = { ...ctx.request.headers };
  for (const k of HOP_BY_HOP) delete headers[k];
  const xff = headers["x-forwarded-for"];
  headers["x-forwarded-for"] = xff ? `${Array.isArray(xff) ? xff.join(", ") : xff}, ${ctx.request.clientIp}` : ctx.request.clientIp;
  headers["x-forwarded-proto"] = ctx.request.scheme;
  headers["x-forwarded-host"] = ctx.request.host;
  headers["x-forwarded-path"] = ctx.request.path;
  headers["x-real-ip"] = ctx.request.clientIp;
  headers["x-kong-request-id"] = reqId;
  headers["host"] = hostHeader;
  const qs = ctx.request.query.toString();
  const upReq: UpstreamRequest = {
    method: ctx.request.method,
    scheme: target.scheme,
    host,
    port,
    url: `${target.path || "/"}${qs ? `?${qs}` : ""}`,
    headers,
    body: ctx.request.body,
    clientIp: ctx.request.clientIp,
  };
  const svc = (ctx.service ?? {}) as Json;
  const readTimeout = Number(svc.read_timeout ?? 60000);

  if (LOOPBACK_HOSTS.has(host.toLowerCase())) {
    const r = await forwardLoopback(upReq, { connect: Number(svc.connect_timeout ?? 60000), read: readTimeout, write: Number(svc.write_timeout ?? 60000) }, signal);
    if (r.ok) return { reply: r.reply, proxied: true };
    if (r.kind === "timeout") return { reply: kongReply(reqId, 504, "The upstream server is timing out"), proxied: false };
    return { reply: kongReply(reqId, 502, "An invalid response was received from the upstream server"), proxied: false };
  }

  const handler = lookupHost(rt.upstreams, host);
  if (!handler) {
    const r = kongReply(reqId, 502, `An invalid response was received from the upstream server (docval: upstream host '${host}' is not emulated; the embedded gateway never contacts the network)`);
    r.headers[UNKNOWN_UPSTREAM_HEADER] = host;
    return { reply: r, proxied: false };
  }
  const timeout = new AbortController();
  const onAbort = () => timeout.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => {
        timeout.abort();
        resolve("timeout");
      }, readTimeout);
    });
    const result = await Promise.race([Promise.resolve(handler.handle(upReq, timeout.signal)), timedOut]);
    if (result === "timeout") return { reply: kongReply(reqId, 504, "The upstream server is timing out"), proxied: false };
    return { reply: { status: result.status, headers: { ...result.headers }, body: result.body }, proxied: true };
  } catch {
    return { reply: kongReply(reqId, 502, "An invalid response was received from the upstream server"), proxied: false };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}
