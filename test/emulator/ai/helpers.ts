/** Shared helpers for the AI Gateway tests: requests to doubles, a fake ProxyCtx, and an embedded gateway. */
import type { Headers, ProxyCtx, Reply } from "../../../src/emulator/plugins/types.js";
import type { Upstream, UpstreamRequest } from "../../../src/emulator/upstreams/types.js";

export function upReq(host: string, url: string, body: unknown, headers: Headers = {}, method = "POST"): UpstreamRequest {
  const buf = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  return { method, scheme: "https", host, port: 443, url, headers: { "content-type": "application/json", ...headers }, body: buf, clientIp: "127.0.0.1" };
}

export async function call(u: Upstream, req: UpstreamRequest): Promise<{ status: number; json: any; reply: Reply }> {
  const reply = await u.handle(req, new AbortController().signal);
  let json: unknown;
  try {
    json = JSON.parse(reply.body.toString("utf8"));
  } catch {
    json = undefined;
  }
  return { status: reply.status, json, reply };
}

export function fakeCtx(init: { path?: string; body?: unknown; headers?: Headers; routePaths?: string[]; method?: string; now?: number; query?: string } = {}): ProxyCtx {
  const body = init.body === undefined ? Buffer.alloc(0) : Buffer.from(typeof init.body === "string" ? init.body : JSON.stringify(init.body));
  let now = init.now ?? 1_767_225_600_000;
  return {
    request: {
      method: init.method ?? "POST", scheme: "http", host: "localhost", path: init.path ?? "/anything",
      query: new URLSearchParams(init.query ?? ""), headers: { "content-type": "application/json", ...(init.headers ?? {}) }, body, clientIp: "127.0.0.1",
    },
    route: { id: "route-1", paths: init.routePaths ?? ["/anything"] },
    service: { id: "service-1", host: "httpbin.konghq.com" },
    uriCaptures: {},
    upstream: { scheme: "http", host: "httpbin.konghq.com", port: 80, path: "/anything" },
    store: { list: () => [], get: () => undefined },
    version: "3.15",
    now: () => now++,
    unemulated: new Set(),
    shared: new Map(),
  };
}

export function jsonOf(r: Reply): any {
  return JSON.parse(r.body.toString("utf8"));
}
