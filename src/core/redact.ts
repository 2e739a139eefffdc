/**
 * Secret redaction (DESIGN §2.9). One Redactor per run holds every secret value; the report hub
 * passes each event through it once, before any reporter or file sees it.
 *
 * A secret is replaced wherever it appears verbatim, URL-encoded, JSON-escaped, or inside a
 * base64 token whose decoded text contains it (a Basic auth header built from `user:secret`).
 */

/** Shorter values are not treated as secrets: they would blank out ordinary words. */
export const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly secrets = new Map<string, string>(); // value -> name
  private pattern: RegExp | null = null;

  /** Registers a value under its env name; the name shows in its place: `[redacted:NAME]`. */
  add(name: string, value: string | undefined | null): void {
    if (value == null) return;
    const v = String(value);
    if (v.length < MIN_SECRET_LENGTH) return;
    for (const form of forms(v)) if (!this.secrets.has(form)) this.secrets.set(form, name);
    this.pattern = null;
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Redacts one string. */
  redact(text: string): string {
    if (this.secrets.size === 0 || text.length === 0) return text;
    let out = text.replace(this.regex(), (m) => `[redacted:${this.secrets.get(m)}]`);
    out = out.replace(BASE64_TOKEN, (token) => this.redactBase64(token));
    return out;
  }

  /** Redacts every string inside a JSON-safe value, keys included; returns a new value. */
  redactDeep<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    return walk(value, (s) => this.redact(s)) as T;
  }

  private regex(): RegExp {
    if (!this.pattern) {
      const alts = [...this.secrets.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alts.join("|"), "g");
    }
    return this.pattern;
  }

  private redactBase64(token: string): string {
    if (token.length < 8) return token;
    let decoded: string;
    try {
      decoded = Buffer.from(token, "base64").toString("utf8");
    } catch {
      return token;
    }
    for (const [secret, name] of this.secrets) {
      if (decoded.includes(secret)) return `[redacted:${name}:base64]`;
    }
    return token;
  }
}

const BASE64_TOKEN = /[A-Za-z0-9+/_-]{8,}={0,2}/g;

function forms(v: string): string[] {
  const out = new Set<string>([v]);
  out.add(encodeURIComponent(v));
  out.add(JSON.stringify(v).slice(1, -1));
  out.add(Buffer.from(v).toString("base64").replace(/=+$/, ""));
  out.add(Buffer.from(v).toString("base64url"));
  return [...out].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function walk(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, fn));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[fn(k)] = walk(v, fn);
    return out;
  }
  return value;
}
