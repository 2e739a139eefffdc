/**
 * A small HTTP client for the Admin API and the proxy: explicit timeouts, extra headers (RBAC tokens
 * from `--admin-header`), JSON in and out, and transport failures returned as values with undici's
 * error code, never thrown.
 */
import { Agent, request, type Dispatcher, type FormData } from "undici";

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Multi-valued headers (set-cookie) kept whole. */
  rawHeaders: Record<string, string[]>;
  text: string;
  durationMs: number;
}

export interface HttpFailure {
  code: string;
  message: string;
}

export type HttpOutcome = { ok: true; res: HttpResponse } | { ok: false; error: HttpFailure; durationMs: number };

export interface SendOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | FormData;
  timeoutMs: number;
  insecure?: boolean;
  signal?: AbortSignal;
  /** Stop reading the body after this many bytes (the rest is drained and dropped). */
  maxBodyBytes?: number;
}

let insecureAgent: Agent | undefined;
function dispatcherFor(insecure: boolean | undefined): Dispatcher | undefined {
  if (!insecure) return undefined;
  insecureAgent ??= new Agent({ connect: { rejectUnauthorized: false } });
  return insecureAgent;
}

/** One request; never throws. A timeout is `{code: "UND_ERR_TIMEOUT"}` naming how long it waited. */
export async function send(o: SendOptions): Promise<HttpOutcome> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(Math.max(1, Math.round(o.timeoutMs)));
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  try {
    const res = await request(o.url, {
      method: o.method as Dispatcher.HttpMethod,
      headers: o.headers,
      body: o.body as Dispatcher.DispatchOptions["body"],
      signal,
      headersTimeout: Math.round(o.timeoutMs),
      bodyTimeout: Math.round(o.timeoutMs),
      dispatcher: dispatcherFor(o.insecure),
    });
    const text = await readText(res.body, o.maxBodyBytes ?? 1_000_000);
    const headers: Record<string, string> = {};
    const rawHeaders: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      const arr = Array.isArray(v) ? v : [v];
      rawHeaders[k.toLowerCase()] = arr;
      headers[k.toLowerCase()] = arr.join(", ");
    }
    return { ok: true, res: { status: res.statusCode, headers, rawHeaders, text, durationMs: performance.now() - started } };
  } catch (err) {
    const durationMs = performance.now() - started;
    if (timeout.aborted && !o.signal?.aborted) {
      return { ok: false, error: { code: "UND_ERR_TIMEOUT", message: `no complete answer within ${o.timeoutMs} ms` }, durationMs };
    }
    if (o.signal?.aborted) return { ok: false, error: { code: "ABORTED", message: "the run was interrupted" }, durationMs };
    const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = e.code ?? e.cause?.code ?? "UND_ERR";
    const message = e.cause?.message ?? e.message ?? String(err);
    return { ok: false, error: { code, message }, durationMs };
  }
}

async function readText(body: Dispatcher.ResponseData["body"], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = chunk as Buffer;
    if (size < max) chunks.push(size + b.length > max ? b.subarray(0, max - size) : b);
    size += b.length;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The Admin API of one gateway, with the caller's extra headers on every call. */
export class AdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
    private readonly timeoutMs = 10_000,
    private readonly signal?: AbortSignal,
  ) {}

  /** `body` is sent as JSON. */
  async call(method: string, path: string, body?: unknown): Promise<HttpOutcome> {
    const headers: Record<string, string> = { accept: "application/json", ...this.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    return send({
      method,
      url: this.baseUrl.replace(/\/+$/, "") + path,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.timeoutMs,
      signal: this.signal,
    });
  }

  get extraHeaders(): Record<string, string> {
    return { ...this.headers };
  }
}

/** `Name: value` strings (`--admin-header`) → a header map. */
export function parseHeaderList(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list) {
    const i = h.indexOf(":");
    if (i <= 0) continue;
    out[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return out;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
