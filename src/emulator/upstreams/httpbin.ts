/**
 * An httpbin-compatible echo: the upstream most docs pages proxy to (`httpbin.konghq.com`).
 * Answers the endpoints the pages use with httpbin's JSON shapes; `/delay/{n}` is capped at
 * 10 s and stops when the request is aborted. Also answers mockbin's `/request` echo.
 */
import { randomUUID } from "node:crypto";
import type { Headers, Reply } from "../plugins/types.js";
import type { Upstream, UpstreamRequest } from "./types.js";

const MAX_DELAY_S = 10;

const json = (status: number, body: unknown, headers: Headers = {}): Reply => ({
  status,
  headers: { "content-type": "application/json", "access-control-allow-origin": "*", "access-control-allow-credentials": "true", ...headers },
  body: Buffer.from(`${JSON.stringify(body, null, 2)}\n`),
});

const text = (status: number, body: string, type = "text/html; charset=utf-8"): Reply => ({
  status,
  headers: { "content-type": type },
  body: Buffer.from(body),
});

/** httpbin shows header names title-cased (`X-Forwarded-For`). */
function titleHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const name = k.split("-").map((p) => (p ? p[0].toUpperCase() + p.slice(1) : p)).join("-");
    out[name] = Array.isArray(v) ? v.join(",") : v;
  }
  return out;
}

function multi(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(params.keys())) {
    const all = params.getAll(k);
    out[k] = all.length === 1 ? all[0] : all;
  }
  return out;
}

function first(h: Headers, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

interface Echo {
  args: Record<string, string | string[]>;
  headers: Record<string, string>;
  origin: string;
  url: string;
}

function echoBase(req: UpstreamRequest, u: URL): Echo {
  const xff = first(req.headers, "x-forwarded-for");
  return {
    args: multi(u.searchParams),
    headers: titleHeaders(req.headers),
    origin: xff ?? req.clientIp,
    url: `${req.scheme}://${first(req.headers, "host") ?? req.host}${req.url}`,
  };
}

function bodyEcho(req: UpstreamRequest): { data: string; form: Record<string, string | string[]>; json: unknown; files: Record<string, string> } {
  const ct = (first(req.headers, "content-type") ?? "").toLowerCase();
  const raw = req.body.toString("utf8");
  let form: Record<string, string | string[]> = {};
  let data = raw;
  if (ct.includes("application/x-www-form-urlencoded")) {
    form = multi(new URLSearchParams(raw));
    data = "";
  }
  let parsed: unknown = null;
  if (data) {
    try {
      parsed = JSON.parse(data);
    } catch {
      parsed = null;
    }
  }
  return { data, form, json: parsed, files: {} };
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

const SAMPLE_JSON = {
  slideshow: {
    author: "Yours Truly",
    date: "date of publication",
    slides: [
      { title: "Wake up to WonderWidgets!", type: "all" },
      { items: ["Why <em>WonderWidgets</em> are great", "Who <em>buys</em> WonderWidgets"], title: "Overview", type: "all" },
    ],
    title: "Sample Slide Show",
  },
};

function cookies(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (first(h, "cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const methodOnly = (req: UpstreamRequest, method: string): Reply | undefined =>
  req.method === method || (method === "GET" && req.method === "HEAD") ? undefined : text(405, "<!doctype html><title>405 Method Not Allowed</title><h1>Method Not Allowed</h1>");

export async function httpbin(req: UpstreamRequest, signal: AbortSignal): Promise<Reply> {
  const u = new URL(req.url, "http://upstream.invalid");
  const path = u.pathname;
  const seg = path.split("/").filter(Boolean);
  const base = () => echoBase(req, u);
  const withBody = () => ({ ...base(), ...bodyEcho(req) });

  if (seg[0] === "anything") return json(200, { ...withBody(), method: req.method });
  if (seg[0] === "request" || path === "/echo") {
    // mockbin's echo shape
    const b = bodyEcho(req);
    return json(200, {
      startedDateTime: new Date().toISOString(),
      clientIPAddress: req.clientIp,
      method: req.method,
      url: `${req.scheme}://${req.host}${req.url}`,
      httpVersion: "HTTP/1.1",
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v])),
      queryString: multi(u.searchParams),
      postData: { mimeType: first(req.headers, "content-type") ?? "application/octet-stream", text: b.data, params: b.form },
      bodySize: req.body.length,
    });
  }
  if (seg.length === 1 && ["get", "post", "put", "patch", "delete"].includes(seg[0])) {
    const wrong = methodOnly(req, seg[0].toUpperCase());
    if (wrong) return wrong;
    return json(200, seg[0] === "get" ? base() : withBody());
  }
  switch (path) {
    case "/":
      return text(200, "<!DOCTYPE html><html><head><title>httpbin</title></head><body><h1>httpbin (docval embedded echo)</h1></body></html>");
    case "/headers":
      return json(200, { headers: base().headers });
    case "/ip":
      return json(200, { origin: base().origin });
    case "/user-agent":
      return json(200, { "user-agent": first(req.headers, "user-agent") ?? null });
    case "/json":
      return json(200, SAMPLE_JSON);
    case "/uuid":
      return json(200, { uuid: randomUUID() });
    case "/html":
      return text(200, "<!DOCTYPE html><html><body><h1>Herman Melville - Moby-Dick</h1></body></html>");
    case "/xml":
      return text(200, '<?xml version="1.0" encoding="us-ascii"?><slideshow title="Sample Slide Show"></slideshow>', "application/xml");
    case "/robots.txt":
      return text(200, "User-agent: *\nDisallow: /deny\n", "text/plain");
    case "/cookies":
      return json(200, { cookies: cookies(req.headers) });
    case "/cookies/set": {
      const set = [...u.searchParams].map(([k, v]) => `${k}=${v}; Path=/`);
      return { status: 302, headers: { location: "/cookies", "set-cookie": set, "content-type": "text/html; charset=utf-8" }, body: Buffer.from("") };
    }
    case "/response-headers": {
      const h: Headers = {};
      for (const [k, v] of u.searchParams) {
        const key = k.toLowerCase();
        const prev = h[key];
        h[key] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
      }
      return json(200, multi(u.searchParams), h);
    }
    case "/bearer": {
      const auth = first(req.headers, "authorization") ?? "";
      const m = /^Bearer\s+(.+)$/i.exec(auth);
      return m ? json(200, { authenticated: true, token: m[1] }) : { status: 401, headers: { "www-authenticate": "Bearer" }, body: Buffer.alloc(0) };
    }
  }
  if (seg[0] === "status" && seg[1]) {
    const codes = seg[1].split(",").map(Number).filter((n) => Number.isInteger(n) && n >= 100 && n <= 599);
    if (!codes.length) return text(400, "Invalid status code");
    return { status: codes[0], headers: { "content-type": "text/html; charset=utf-8" }, body: Buffer.alloc(0) };
  }
  if (seg[0] === "delay" && seg[1] !== undefined) {
    const n = Math.min(Math.max(Number(seg[1]) || 0, 0), MAX_DELAY_S);
    const completed = await sleep(n * 1000, signal);
    if (!completed) return text(499, "client closed request");
    return json(200, withBody());
  }
  if (seg[0] === "basic-auth" && seg.length === 3) {
    const auth = first(req.headers, "authorization") ?? "";
    const m = /^Basic\s+(.+)$/i.exec(auth);
    const decoded = m ? Buffer.from(m[1], "base64").toString("utf8") : "";
    if (decoded === `${seg[1]}:${seg[2]}`) return json(200, { authenticated: true, user: seg[1] });
    return { status: 401, headers: { "www-authenticate": 'Basic realm="Fake Realm"' }, body: Buffer.alloc(0) };
  }
  if (seg[0] === "base64" && seg[1]) {
    return text(200, Buffer.from(decodeURIComponent(seg[1]), "base64url").toString("utf8"));
  }
  if (seg[0] === "bytes" && seg[1]) {
    return { status: 200, headers: { "content-type": "application/octet-stream" }, body: Buffer.alloc(Math.min(Number(seg[1]) || 0, 102400), 0x61) };
  }
  if (seg[0] === "redirect-to") {
    return { status: Number(u.searchParams.get("status_code") ?? 302), headers: { location: u.searchParams.get("url") ?? "/" }, body: Buffer.alloc(0) };
  }
  return text(404, "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n");
}

export const HTTPBIN: Upstream = {
  name: "httpbin",
  hosts: ["httpbin.konghq.com", "httpbin.org", "www.httpbin.org", "httpbin", "httpbingo.org", "mockbin.org", "mockbin", "mock.konghq.com", "httpbin.local"],
  handle: httpbin,
};

/** httpbun speaks the httpbin API too, but its home page redirects (the docs' fallback-route page relies on that). */
export const HTTPBUN: Upstream = {
  name: "httpbun",
  hosts: ["httpbun.com", "httpbun.org"],
  handle: (req, signal) => {
    const path = req.url.split("?")[0];
    if (path === "/" || path === "") return { status: 302, headers: { location: "https://github.com/sharat87/httpbun", "content-type": "text/plain" }, body: Buffer.alloc(0) };
    return httpbin(req, signal);
  },
};
