import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markdownReporter, toMarkdown } from "../../src/report/markdown.js";
import { runFromEvents } from "../../src/report/previous.js";
import { canaryRedactor, fixtureEvents, replayInto, tmp } from "./helpers.js";

describe("markdown reporter", () => {
  it("shows the run's docs coverage per product when the run carries it", async () => {
    const events = fixtureEvents("all-verdicts.jsonl").map((e) =>
      e.type === "run-start"
        ? { ...e, meta: { ...e.meta, coverage: { totals: { pages: 5, tested: 3, skipped: 1, "no-validation": 1 }, byProduct: { gateway: { pages: 4, tested: 3, skipped: 1 }, "ai-gateway": { pages: 1, "no-validation": 1 } } } } }
        : e,
    );
    const file = join(tmp(), "summary.md");
    await replayInto([markdownReporter({ dest: { kind: "file", path: file }, env: {} })], events);
    const md = readFileSync(file, "utf8");
    expect(md).toContain("### Docs coverage");
    expect(md).toContain("| product | pages | tested | skipped | no-validation |");
    expect(md).toContain("| gateway | 4 | 3 | 1 | 0 |");
    expect(md).toContain("| ai-gateway | 1 | 0 | 0 | 1 |");
    expect(md).toContain("3 of 5 pages (60%)");
    // without coverage in the metadata, no section
    const plain = join(tmp(), "plain.md");
    await replayInto([markdownReporter({ dest: { kind: "file", path: plain }, env: {} })], fixtureEvents("all-verdicts.jsonl"));
    expect(readFileSync(plain, "utf8")).not.toContain("Docs coverage");
  });

  it("writes a table per verdict, failures first, and appends to GITHUB_STEP_SUMMARY", async () => {
    const dir = tmp();
    const summary = join(dir, "step-summary.md");
    writeFileSync(summary, "# earlier step output\n");
    const file = join(dir, "summary.md");
    await replayInto([markdownReporter({ dest: { kind: "file", path: file }, env: { GITHUB_STEP_SUMMARY: summary }, sourceBaseUrl: "https://github.com/acme/docs/blob/main" })], fixtureEvents("all-verdicts.jsonl"));
    const md = readFileSync(file, "utf8");
    expect(md.startsWith("## docval: ❌ 4 failing of 10 page variants")).toBe(true);
    const headings = [...md.matchAll(/^### .+ \((\d+)\)$/gm)].map((m) => m[0]);
    expect(headings).toEqual([
      "### ❌ Failed (1)",
      "### 💥 Errors (2)",
      "### ❗ Unexpected passes (1)",
      "### ⛔ Blocked (missing env) (1)",
      "### ❔ Unverified (1)",
      "### ☑️ Expected failures (1)",
      "### ⏭️ Skipped (2)",
      "### ✅ Passed (1)",
    ]);
    expect(md).toContain(
      "| Protect a service with &lt;Key Auth&gt; & ACL | on-prem | [`app/_includes/how-tos/validate-key-auth.md:42`](https://github.com/acme/docs/blob/main/app/_includes/how-tos/validate-key-auth.md#L42) | expected status 200, got 401 |",
    );
    expect(md).toContain("<details><summary>");
    const appended = readFileSync(summary, "utf8");
    expect(appended.startsWith("# earlier step output\n## docval:")).toBe(true);
  });

  it("stays under the byte budget and says what it left out", () => {
    const run = runFromEvents(canaryRedactor().redactDeep(fixtureEvents("all-verdicts.jsonl")));
    const many = { ...run, results: Array.from({ length: 400 }, (_, i) => ({ ...run.results[i % run.results.length], page: { ...run.results[i % run.results.length].page, file: `app/_how-tos/p${i}.md` } })) };
    const full = toMarkdown(many, {});
    const small = toMarkdown(many, { maxBytes: 8000 });
    expect(Buffer.byteLength(full)).toBeGreaterThan(8000);
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(8000);
    expect(small).toMatch(/Truncated to stay under GitHub's 1024 KiB summary limit: \d+ more entries not shown/);
    expect(small).toContain("### ❌ Failed (40)"); // failures come first, so they survive truncation
  });
});
