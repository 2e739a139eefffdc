/**
 * Helpers shared by the provider doubles: JSON replies, header access, deterministic ids and
 * token counts, and the reply text every chat double produces.
 *
 * Doubles are deterministic: the same request gives the same answer, so tests and reports are stable.
 */
import { createHash } from "node:crypto";
import type { Headers, Reply } from "../../plugins/types.js";
import type { UpstreamRequest } from "../types.js";

export type Json = Record<string, unknown>;

export function jsonReply(status: number, body: unknown, extra: Headers = {}): Reply {
  return {
    status,
    headers: { "content-type": "application/json", ...extra },
    body: Buffer.from(JSON.stringify(body)),
  };
}

export function header(req: { headers: Headers }, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Splits `url` into path and query. */
export function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf("?");
  return q < 0
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

/** The body as a JSON object, or undefined when it is not one. */
export function jsonBody(req: UpstreamRequest): Json | undefined {
  if (req.body.length === 0) return undefined;
  try {
    const v: unknown = JSON.parse(req.body.toString("utf8"));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** The token after `Bearer `, or undefined when the header is missing or uses another scheme. */
export function bearer(req: UpstreamRequest): string | undefined {
  const v = header(req, "authorization");
  const m = v === undefined ? null : /^Bearer\s+(.*\S)\s*$/i.exec(v);
  return m ? m[1] : undefined;
}

export function digest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A stable id derived from the request, so repeated runs give the same answer. */
export function stableId(prefix: string, req: UpstreamRequest, len = 24): string {
  return prefix + digest(req.url, req.body.toString("utf8")).slice(0, len);
}

/** Fixed clock for response bodies: real providers report the time; a stable value keeps reports diffable. */
export const CREATED = 1_767_225_600;

/** Rough token count: words and punctuation, which is close enough for usage fields and token limits. */
export function countTokens(text: string): number {
  const m = text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu);
  return m ? m.length : 0;
}

/** Text of a message content that may be a string or OpenAI's array of parts. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === "object" && typeof (p as Json).text === "string" ? ((p as Json).text as string) : ""))
      .join("");
  }
  return "";
}

/**
 * What every chat double answers. It repeats the last user message so that plugins which ask an
 * LLM to rewrite a body (ai-request-transformer, ai-response-transformer) get usable JSON back.
 */
export function replyText(provider: string, model: string, lastUser: string): string {
  return `[docval ${provider} double, model ${model}] You said: ${lastUser}`;
}

/** A deterministic unit-length embedding of `dims` floats for `text`. */
export function embedding(text: string, dims = 8): number[] {
  const h = createHash("sha256").update(text).digest();
  const raw = Array.from({ length: dims }, (_, i) => (h[i % h.length] - 127.5) / 127.5);
  const norm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0)) || 1;
  return raw.map((x) => Number((x / norm).toFixed(6)));
}

/** A tiny valid PNG (1x1), base64, for b64_json image answers. */
export const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

export function isString(v: unknown): v is string {
  return typeof v === "string" && v.length > 0;
}
