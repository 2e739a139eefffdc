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

const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
/** undici's own time limits are a backstop (its timers tick about once a second), kept past ours. */
const BACKSTOP_MS = 2000;

/**
 * One request; never throws. A timeout is `{code: "UND_ERR_TIMEOUT"}` naming how long it waited.
 *
 * The time limit is one plain timer raced against the answer, not an AbortSignal per request: on
 * loopback a request costs a few hundred microseconds, and `AbortSignal.timeout` plus
 * `AbortSignal.any` (and a DOMException per abort) were a fifth of that. A request that loses the race
 * is dropped; undici's own header and body time limits (set just past ours) close it.
 */
export async function send(o: SendOptions): Promise<HttpOutcome> {
  const started = performance.now();
  const limit = Math.max(1, Math.round(o.timeoutMs));
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, limit, TIMED_OUT);
  });
  const timedOut = (): HttpOutcome => ({
    ok: false,
    error: { code: "UND_ERR_TIMEOUT", message: `no complete answer within ${o.timeoutMs} ms` },
    durationMs: performance.now() - started,
  });
  try {
    const pending = request(o.url, {
      method: o.method as Dispatcher.HttpMethod,
      headers: o.headers,
      body: o.body as Dispatcher.DispatchOptions["body"],
      signal: o.signal,
      headersTimeout: limit + BACKSTOP_MS,
      bodyTimeout: limit + BACKSTOP_MS,
      dispatcher: dispatcherFor(o.insecure),
    });
    const res = await Promise.race([pending, expired]);
    if (res === TIMED_OUT) {
      pending.then(
        (late) => late.body.on("error", () => undefined).destroy(),
        () => undefined,
      );
      return timedOut();
    }
    const text = await Promise.race([readText(res.body, o.maxBodyBytes ?? 1_000_000), expired]);
    if (text === TIMED_OUT) {
      res.body.destroy();
      return timedOut();
    }
    const headers: Record<string, string> = {};
    const rawHeaders: Record<string, string[]> = {};
    for (const k in res.headers) {
      const v = res.headers[k];
      if (v === undefined) continue;
      const key = k.toLowerCase();
      if (Array.isArray(v)) {
        rawHeaders[key] = v;
        headers[key] = v.join(", ");
      } else {
        rawHeaders[key] = [v];
        headers[key] = v;
      }
    }
    return { ok: true, res: { status: res.statusCode, headers, rawHeaders, text, durationMs: performance.now() - started } };
  } catch (err) {
    const durationMs = performance.now() - started;
    if (o.signal?.aborted) return { ok: false, error: { code: "ABORTED", message: "the run was interrupted" }, durationMs };
    const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = e.code ?? e.cause?.code ?? "UND_ERR";
    if (TIMEOUT_CODES.has(code)) return timedOut();
    const message = e.cause?.message ?? e.message ?? String(err);
    return { ok: false, error: { code, message }, durationMs };
  } finally {
    clearTimeout(timer);
  }
}

const TIMED_OUT = Symbol("timed out");

/** The body as text, at most `max` bytes kept (the rest is read and dropped). */
function readText(body: Dispatcher.ResponseData["body"], max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on("data", (b: Buffer) => {
      if (size < max) chunks.push(size + b.length > max ? b.subarray(0, max - size) : b);
      size += b.length;
    });
    body.once("end", () => resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    body.once("error", reject);
  });
}

/** The Admin API of one gateway, with the caller's extra headers on every call. */
export class AdminClient {
  private readonly root: string;

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
    private readonly timeoutMs = 10_000,
    private readonly signal?: AbortSignal,
  ) {
    this.root = baseUrl.replace(/\/+$/, "");
  }

  /** `body` is sent as JSON. */
  async call(method: string, path: string, body?: unknown): Promise<HttpOutcome> {
    const headers: Record<string, string> = { accept: "application/json", ...this.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    return send({
      method,
      url: this.root + path,
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
