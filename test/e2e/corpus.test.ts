/**
 * The shared Kong docs corpus on the embedded gateway: no page crashes the run, every verdict that is
 * not a pass says why, self-contained pages pass, and the flagship Grok page runs with no keys set.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { CORPUS, HAS_CORPUS, PROJECT_ROOT } from "../helpers/corpus.js";

interface Test {
  filePath: string;
  message?: string;
  extra: { verdict: string; reason?: string; deployment: string; steps: { verdict: string; message?: string; unemulated?: string[] }[] };
}

/** Pages that need nothing outside the embedded gateway (no keys, no third-party hosts, no Lua). */
const SELF_CONTAINED = [
  "gateway/add-rate-limiting-for-a-consumer-with-kong-gateway.md",
  "gateway/add-rate-limiting-tiers-with-kong-gateway.md",
  "gateway/adjust-header-names-in-request.md",
  "gateway/allow-multiple-authentication.md",
  "gateway/authenticate-consumers-jwt.md",
  "gateway/authenticate-consumers-with-basic-authentication.md",
  "gateway/enable-key-authentication-on-a-service-with-kong-gateway.md",
  "gateway/restrict-access-to-resources-by-allowing-ips.md",
];

describe.skipIf(!HAS_CORPUS)("corpus on the embedded gateway", () => {
  it("runs every page to a verdict with a reason, passes the self-contained ones, and explains the flagship", async () => {
    const json = join(mkdtempSync(join(tmpdir(), "docval-corpus-")), "results.json");
    const r = await runCli(["run", CORPUS, "--workers", "2", "--reporter", `json=${json}`], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, CI: "true", NO_COLOR: "1" },
    });
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).not.toMatch(/harness\/crash|internal error/);
    const tests = (JSON.parse(readFileSync(json, "utf8")) as { results: { tests: Test[] } }).results.tests;
    expect(tests.length).toBeGreaterThan(40);
    for (const t of tests) {
      if (t.extra.verdict !== "passed") expect(t.extra.reason ?? t.message, `${t.filePath} ${t.extra.verdict}`).toBeTruthy();
      if (t.extra.verdict === "blocked") expect(t.extra.reason).toMatch(/needs [A-Z_]+/);
      if (t.extra.verdict === "unverified") expect(t.extra.reason).toMatch(/not modelled|does not emulate|not translated|cannot|unsupported|not (?:supported|run)/i);
    }
    const onPrem = (f: string) => tests.find((t) => t.filePath === `app/_how-tos/${f}` && t.extra.deployment === "on-prem");
    for (const f of SELF_CONTAINED) expect(onPrem(f)?.extra.verdict, f).toBe("passed");

    // The flagship: no key set, so the xAI key is a placeholder the provider double accepts; the verdict
    // is decided by the page's promise (status 201) against what the gateway answers, and says so.
    const grok = onPrem("ai-gateway/set-up-ai-proxy-for-image-generation-with-grok.md");
    expect(grok).toBeDefined();
    expect(["passed", "failed", "unverified"]).toContain(grok?.extra.verdict);
    expect(grok?.extra.reason ?? "").toContain("placeholder values for DECK_XAI_API_KEY");
  });
});
