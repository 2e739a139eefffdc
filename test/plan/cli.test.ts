import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { PROJECT_ROOT } from "../helpers/corpus.js";

const opts = { cwd: PROJECT_ROOT };

describe("docval list / plan", () => {
  it("lists one line per page", async () => {
    const r = await runCli(["list", "fixtures/demo-docs"], opts);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes("rate-limit-a-route.md"))).toMatch(/gateway\s+on-prem,konnect\s+3 steps/);
  });

  it("prints the plan JSON contract", async () => {
    const r = await runCli(["plan", "fixtures/demo-docs", "--json"], opts);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { formatVersion: number; pages: { file: string; variants: { steps: { kind: string }[] }[] }[] };
    expect(plan.formatVersion).toBe(1);
    expect(plan.pages).toHaveLength(5);
    expect(plan.pages[0].variants[0].steps[0].kind).toBe("apply");
  });

  it("prints numbered steps with file:line for people", async () => {
    const r = await runCli(["plan", "fixtures/demo-docs", "--grep", "maintenance"], opts);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3. check request-check  GET http://localhost:8000/anything → 503 \"Down for maintenance\"");
    expect(r.stdout).toContain("at app/_how-tos/gateway/put-a-route-in-maintenance.md:39");
  });

  it("filters by product and deployment", async () => {
    const r = await runCli(["list", "fixtures/pages", "--product", "ai-gateway", "--json"], opts);
    const rows = JSON.parse(r.stdout) as { file: string }[];
    expect(rows.map((x) => x.file)).toEqual(["app/_how-tos/constructs/default-variant.md"]);
    const k = await runCli(["list", "fixtures/demo-docs", "--deployment", "konnect", "--json"], opts);
    expect((JSON.parse(k.stdout) as unknown[]).length).toBe(4);
  });

  it("reports malformed pages on stderr with file:line and exits 1, planning the rest", async () => {
    const r = await runCli(["plan", "fixtures/pages"], opts);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("app/_how-tos/malformed/unclosed-tag.md:10:");
    expect(r.stderr).toContain("app/_how-tos/malformed/missing-include.md:8:");
    expect(r.stdout).toContain("app/_how-tos/constructs/everything.md");
  });

  it("exits 2 on usage errors with a helpful message", async () => {
    const missing = await runCli(["plan", "no/such/dir"], opts);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder/);
    const grep = await runCli(["list", "fixtures/demo-docs", "--grep", "("], opts);
    expect(grep.code).toBe(2);
    expect(grep.stderr).toMatch(/--grep/);
    const bad = await runCli(["list", "fixtures/demo-docs", "--deployment", "moon"], opts);
    expect(bad.code).toBe(2);
  });
});
