/**
 * Comparing an answer with what the page promises: status, `message`, `expected_headers`.
 * Each mismatch is one sentence in the "expected …, got …" form.
 */
import type { Expectation } from "../plan/model.js";
import type { Answer } from "./request.js";

export interface Mismatch {
  what: "status" | "message" | "header";
  message: string;
}

export function compare(expect: Expectation, a: Answer, opts: { strictMessage?: boolean } = {}): Mismatch[] {
  const out: Mismatch[] = [];
  const res = a.res;
  if (!res) return out;
  if (expect.status !== undefined && res.status !== expect.status) {
    out.push({ what: "status", message: `expected status ${expect.status}, got ${res.status}` });
  }
  if (expect.message !== undefined && expect.message !== null && !messageMatches(expect.message, res.text, a.json, opts.strictMessage)) {
    const got = actualMessage(res.text, a.json);
    out.push({ what: "message", message: `expected message ${JSON.stringify(oneLine(expect.message))}, got ${JSON.stringify(oneLine(got))}` });
  }
  for (const [name, value] of Object.entries(expect.headers ?? {})) {
    const got = res.headers[name.toLowerCase()];
    if (got === undefined) out.push({ what: "header", message: `expected header ${name}${value !== null ? `: ${value}` : ""}, but the response has no ${name}` });
    else if (value !== null && !headerMatches(String(value), got)) {
      out.push({ what: "header", message: `expected header ${name}: ${value}, got ${name}: ${got}` });
    }
  }
  return out;
}

/**
 * The whole value after trimming, or one item of a comma-separated list (`Vary: Origin, Accept`).
 * Never a substring: `1` must not pass against `10`. Values stay case-sensitive.
 */
export function headerMatches(expected: string, got: string): boolean {
  const want = expected.trim();
  if (got.trim() === want) return true;
  return got.split(",").some((item) => item.trim() === want);
}

/** The JSON `message` (Kong's error bodies), else the body text. */
export function actualMessage(text: string, json: unknown): string {
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const m = (json as Record<string, unknown>).message;
    if (typeof m === "string") return m;
    const e = (json as Record<string, unknown>).error;
    if (e && typeof e === "object" && typeof (e as Record<string, unknown>).message === "string") return (e as Record<string, string>).message;
  }
  return text.trim();
}

/**
 * Strict (unauthorized-check, rate-limit-check): the JSON `message` equals the expected text, or the
 * whole body does. Otherwise (request-check's "You should see the following response"): also accepted
 * when the expected text is a JSON value contained in the body, or a substring of the body.
 */
export function messageMatches(expected: string, text: string, json: unknown, strict = false): boolean {
  const want = expected.trim();
  if (actualMessage(text, json).trim() === want || text.trim() === want) return true;
  if (strict) return false;
  // Prose ends sentences with a period the gateway's message does not have.
  const bare = want.replace(/\.$/, "");
  if (bare !== want && actualMessage(text, json).trim() === bare) return true;
  try {
    const wantJson: unknown = JSON.parse(want);
    if (json !== undefined && contains(json, wantJson)) return true;
  } catch {
    /* not JSON: fall through to text */
  }
  return squash(text).includes(squash(want));
}

function contains(actual: unknown, want: unknown): boolean {
  if (want === null || typeof want !== "object") return actual === want;
  if (Array.isArray(want)) return Array.isArray(actual) && want.every((w) => actual.some((x) => contains(x, w)));
  if (!actual || typeof actual !== "object") return false;
  return Object.entries(want).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v));
}

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();
const oneLine = (s: string): string => (s.length > 200 ? `${squash(s).slice(0, 200)}…` : squash(s));
