/**
 * Forwards to a real service on the loopback interface, with the Kong service's connect and read
 * timeouts. Used for `localhost`/`127.0.0.1` upstreams only; maps failures to the outcomes Kong
 * reports (refused → 502, timeout → 504).
 */
import { request as httpRequest } from "node:http";
import type { Headers, Reply } from "../plugins/types.js";
import type { UpstreamRequest } from "./types.js";

export type LoopbackResult = { ok: true; reply: Reply } | { ok: false; kind: "refused" | "timeout" | "broken"; detail: string };

export function forwardLoopback(
  req: UpstreamRequest,
  timeouts: { connect: number; read: number; write: number },
  signal: AbortSignal,
): Promise<LoopbackResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: LoopbackResult) => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      resolve(r);
    };
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = v;
    headers["content-length"] = String(req.body.length);
    const host = req.host === "localhost" ? "127.0.0.1" : req.host.replace(/^\[|\]$/g, "");
    const out = httpRequest({ host, port: req.port, method: req.method, path: req.url, headers, signal });
    let readTimer: NodeJS.Timeout | undefined;
    const connectTimer = setTimeout(() => {
      out.destroy();
      finish({ ok: false, kind: "timeout", detail: "connect timeout" });
    }, timeouts.connect);
    out.on("socket", (s) => {
      s.once("connect", () => {
        clearTimeout(connectTimer);
        readTimer = setTimeout(() => {
          out.destroy();
          finish({ ok: false, kind: "timeout", detail: "read timeout" });
        }, timeouts.read);
      });
    });
    out.on("error", (e: NodeJS.ErrnoException) => {
      finish({ ok: false, kind: e.code === "ECONNREFUSED" ? "refused" : "broken", detail: e.code ?? e.message });
    });
    out.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e) => finish({ ok: false, kind: "broken", detail: e.message }));
      res.on("end", () => {
        const h: Headers = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = v;
        finish({ ok: true, reply: { status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) } });
      });
    });
    out.end(req.body);
  });
}
