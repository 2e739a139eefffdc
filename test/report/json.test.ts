import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { VariantResult } from "../../src/core/results.js";
import { ctrfProblem, fromCtrf, type CtrfReport } from "../../src/report/ctrf.js";
import { jsonReporter } from "../../src/report/json.js";
import { canaryRedactor, fixtureEvents, replayInto, tmp } from "./helpers.js";

async function report(): Promise<{ doc: CtrfReport; text: string }> {
  const dir = tmp();
  const file = join(dir, "out", "results.json");
  await replayInto([jsonReporter({ kind: "file", path: file })], fixtureEvents("all-verdicts.jsonl"));
  const text = readFileSync(file, "utf8");
  return { doc: JSON.parse(text) as CtrfReport, text };
}

describe("json reporter (CTRF)", () => {
  it("writes CTRF with one test per page variant and the verdict mapping of DESIGN §3", async () => {
    const { doc } = await report();
    expect(doc.reportFormat).toBe("CTRF");
    expect(doc.results.tool.name).toBe("docval");
    const s = doc.results.summary;
    // passed 1 | failed+error×2+unexpected-pass = 4 | skipped×2+blocked = 3 | unverified+expected-failure = 2
    expect({ tests: s.tests, passed: s.passed, failed: s.failed, skipped: s.skipped, pending: s.pending, other: s.other }).toEqual({
      tests: 10, passed: 1, failed: 4, skipped: 3, pending: 0, other: 2,
    });
    expect(s.start).toBe(Date.parse("2026-03-01T10:00:00Z"));
    expect(s.stop).toBeGreaterThan(s.start);
    const byVerdict = Object.fromEntries(doc.results.tests.map((t) => [t.extra.verdict, t.status]));
    expect(byVerdict).toEqual({
      passed: "passed", failed: "failed", error: "failed", "unexpected-pass": "failed",
      skipped: "skipped", blocked: "skipped", unverified: "other", "expected-failure": "other",
    });
    for (const t of doc.results.tests) {
      expect(typeof t.name).toBe("string");
      expect(typeof t.duration).toBe("number");
      expect(t.filePath).toMatch(/^app\//);
    }
  });

  it("points a failure at the block that failed, with steps, expected and actual in extra", async () => {
    const { doc } = await report();
    const failed = doc.results.tests.find((t) => t.extra.verdict === "failed")!;
    expect(failed).toMatchObject({
      filePath: "app/_includes/how-tos/validate-key-auth.md",
      line: 42,
      message: "expected status 200, got 401",
      extra: { deployment: "on-prem" },
    });
    const step = failed.extra.steps[1];
    expect(step).toMatchObject({ kind: "check", type: "request-check", source: { line: 42 }, verdict: "failed", expected: { status: 200 }, actual: { status: 401 } });
    const blocked = doc.results.tests.find((t) => t.extra.verdict === "blocked")!;
    expect(blocked.extra.reason).toBe("missing env: ANTHROPIC_API_KEY");
    expect(blocked.extra.missingEnv).toEqual(["ANTHROPIC_API_KEY"]);
  });

  it("holds enough to rebuild every variant result from the file alone", async () => {
    const { doc } = await report();
    expect(ctrfProblem(doc)).toBeNull();
    const rebuilt = fromCtrf(doc);
    const original = canaryRedactor().redactDeep(
      fixtureEvents("all-verdicts.jsonl").flatMap((e) => (e.type === "page-end" ? [e.result] : [])),
    );
    const key = (r: VariantResult) => `${r.page.file}#${r.variant}`;
    expect(rebuilt.results.map(key).sort()).toEqual(original.map(key).sort());
    for (const r of original) expect(rebuilt.results.find((x) => key(x) === key(r))).toEqual(r);
    expect(rebuilt.summary.counts.failed).toBe(1);
    expect(rebuilt.meta.root).toBe("/work/checkout");
  });

  it("says why a foreign JSON file is not a docval report", () => {
    expect(ctrfProblem({ results: { tool: { name: "jest" }, tests: [] } })).toMatch(/not docval/);
    expect(ctrfProblem([])).toMatch(/results/);
  });
});
