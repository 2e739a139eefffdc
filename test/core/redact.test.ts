import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/core/redact.js";

describe("Redactor", () => {
  const secret = "sk-canary-7f3a9c1e";
  const r = new Redactor();
  r.add("OPENAI_API_KEY", secret);

  it("replaces the value with its name", () => {
    expect(r.redact(`Authorization: Bearer ${secret}`)).toBe("Authorization: Bearer [redacted:OPENAI_API_KEY]");
  });

  it("catches URL-encoded and JSON-escaped forms", () => {
    const odd = new Redactor();
    odd.add("PW", 'p@ss w"rd/1');
    expect(odd.redact(`?pw=${encodeURIComponent('p@ss w"rd/1')}`)).not.toContain("p%40ss");
    expect(odd.redact(JSON.stringify({ pw: 'p@ss w"rd/1' }))).not.toContain('w\\"rd');
  });

  it("catches base64 tokens that contain the secret (Basic auth)", () => {
    const basic = Buffer.from(`alex:${secret}`).toString("base64");
    const out = r.redact(`Authorization: Basic ${basic}`);
    expect(out).not.toContain(basic);
    expect(out).toContain("[redacted:OPENAI_API_KEY:base64]");
  });

  it("walks nested values, keys included", () => {
    const out = r.redactDeep({ headers: { [secret]: [secret] }, n: 1 });
    expect(JSON.stringify(out)).not.toContain(secret);
    expect(out.n).toBe(1);
  });

  it("ignores values too short to be secrets", () => {
    const short = new Redactor();
    short.add("X", "ab");
    expect(short.redact("abc")).toBe("abc");
  });
});
