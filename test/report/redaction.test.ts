import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createReporters, parseReporterSpecs } from "../../src/report/index.js";
import { Capture, fixtureEvents, leakForms, replayInto, tmp } from "./helpers.js";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe("redaction across every output", () => {
  it("the canary secret appears in no report file, no terminal output and no step summary", async () => {
    const dir = tmp();
    const stepSummary = join(dir, "step-summary.md");
    writeFileSync(stepSummary, "");
    const stdout = new Capture();
    const stderr = new Capture();
    const { specs, diagnostics } = parseReporterSpecs(["json,junit,markdown,html,blob", "console"]);
    expect(diagnostics).toEqual([]);
    const reporters = createReporters(specs, {
      cwd: dir,
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: stepSummary, GITHUB_WORKSPACE: dir, CI: "true" },
      stdout,
      stderr,
      outDir: "out",
      mode: "run",
    });
    expect(reporters.map((r) => (r as { name?: string }).name)).toEqual(["json", "junit", "markdown", "html", "blob", "console", "github"]);
    const hub = await replayInto(reporters, fixtureEvents("all-verdicts.jsonl"));
    expect(hub.reporterErrors).toEqual([]);
    const files = filesUnder(join(dir, "out"));
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(["out/blob/events.jsonl", "out/index.html", "out/junit.xml", "out/results.json", "out/summary.md"]);
    const outputs: Record<string, string> = { stdout: stdout.text, stderr: stderr.text, stepSummary: readFileSync(stepSummary, "utf8") };
    for (const f of files) outputs[f] = readFileSync(f, "utf8");
    for (const [name, text] of Object.entries(outputs)) {
      for (const form of leakForms()) expect(text.includes(form), `${form} leaked into ${name}`).toBe(false);
    }
    // and the redaction is visible where the secret was
    expect(outputs[join(dir, "out/results.json")]).toContain("[redacted:OPENAI_API_KEY:base64]");
    expect(stdout.text).toContain("::error file=");
  });
});
