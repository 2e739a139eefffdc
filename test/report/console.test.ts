import { describe, expect, it } from "vitest";
import { consoleReporter } from "../../src/report/console.js";
import { Capture, fixtureEvents, replayInto } from "./helpers.js";

async function run(env: NodeJS.ProcessEnv, tty = false) {
  const out = new Capture(tty, 100);
  await replayInto([consoleReporter({ stdout: out, env, now: () => Date.parse("2026-03-01T10:00:03Z") })], fixtureEvents("all-verdicts.jsonl"));
  return out.text;
}

describe("console reporter", () => {
  it("in CI prints one line per page variant, no progress line and no colour", async () => {
    const text = await run({ CI: "true", NO_COLOR: "1" });
    expect(text).not.toContain("\x1b[");
    expect(text).not.toContain("\r");
    const lines = text.split("\n");
    expect(lines.filter((l) => /^(✓|✗|!|-|○|\?) [a-z-]+ +app\//.test(l))).toHaveLength(10);
    expect(lines).toContain("✓ passed           app/_how-tos/rate-limit-by-consumer.md [on-prem] 40ms");
  });

  it("prints each failure in full: file:line, tabs, request, expected vs actual, excerpt, curl", async () => {
    const text = await run({ CI: "1" });
    const failures = text.slice(text.indexOf("Failures (4):"));
    expect(failures).toContain("at app/_includes/how-tos/validate-key-auth.md:42  (check request-check, step 2)");
    expect(failures).toContain("tabs: OpenAI › cURL");
    expect(failures).toContain("POST http://localhost:8000/anything?apikey=[redacted:OPENAI_API_KEY]");
    expect(failures).toContain("apikey: [redacted:OPENAI_API_KEY]");
    expect(failures).toContain("status   expected 200, got 401");
    expect(failures).toContain('message  expected "OK", got "Unauthorized"');
    expect(failures).toContain("response: 401");
    expect(failures).toContain('curl -i -X POST http://localhost:8000/anything -H "apikey: $OPENAI_API_KEY"');
    expect(failures).toContain("transport error: UND_ERR_HEADERS_TIMEOUT");
    expect(failures).toContain("Unexpected ':' in front matter");
    expect(text).toContain("Unverified (1)");
    expect(text).toContain("transform-with-pre-function.md [on-prem]: pre-function is on the request path");
    expect(text).toContain("Blocked (1)");
    expect(text).toContain("ANTHROPIC_API_KEY");
  });

  it("ends with a summary line holding every verdict count", async () => {
    const text = await run({ CI: "1" });
    const last = text.trimEnd().split("\n").at(-1)!;
    expect(last).toBe(
      "10 variants: 1 passed, 1 failed, 2 error, 2 skipped, 1 blocked, 1 unverified, 1 expected-failure, 1 unexpected-pass in 5.2s",
    );
  });

  it("on a terminal draws a live progress line and colours verdicts; FORCE_COLOR wins over NO_COLOR", async () => {
    const text = await run({}, true);
    expect(text).toContain("\r\x1b[2K[0/10]");
    expect(text).toMatch(/\[10\/10\] .*1 passed.*4 failed/); // page variants done / expected
    expect(text).toContain("\x1b[31m");
    // passing pages are not listed one by one on a terminal, only the progress counts them
    expect(text).not.toContain("✓ passed           app/_how-tos/rate-limit-by-consumer.md");
    expect(await run({ NO_COLOR: "1", CI: "1" })).not.toContain("\x1b[3");
    expect(await run({ NO_COLOR: "1", FORCE_COLOR: "1", CI: "1" })).toContain("\x1b[31m");
  });
});
