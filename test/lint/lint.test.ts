import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openCheckout } from "../../src/docs/checkout.js";
import { lintPages, type Finding } from "../../src/lint/index.js";
import { formatGithub } from "../../src/lint/format/github.js";
import { formatSarif } from "../../src/lint/format/sarif.js";
import { formatConsole } from "../../src/lint/format/console.js";
import { RULES } from "../../src/lint/rules/index.js";
import { runCli } from "../helpers/cli.js";
import { PROJECT_ROOT } from "../helpers/corpus.js";

const FIXTURES = resolve(PROJECT_ROOT, "test/fixtures/lint");
const checkout = openCheckout([FIXTURES], { cwd: FIXTURES }).checkout!;
const ids = (fs: Finding[]) => fs.map((f) => `${f.line} ${f.rule}`);

describe("suppression", () => {
  it("a comment before a block silences the named rule in that block only", () => {
    const r = lintPages(checkout, ["_cases/suppress.md"], { rules: ["body-without-method", "block-unknown-key"] });
    // The first block (lines 19-24) is suppressed for body-without-method; the second (26-31) is not.
    expect(ids(r.findings).sort()).toEqual(["28 body-without-method", "30 block-unknown-key"]);
  });

  it("a page-wide comment silences the rule everywhere on the page", () => {
    const r = lintPages(checkout, ["_cases/suppress-page.md"], { rules: ["body-without-method", "block-unknown-key"] });
    expect(r.findings.map((f) => f.rule)).toEqual(["block-unknown-key"]);
  });
});

describe("rule selection and severities", () => {
  const page = ["body-without-method/not-ok.md"];

  it("uses each rule's default severity", () => {
    expect(lintPages(checkout, page).findings.map((f) => [f.rule, f.severity])).toContainEqual(["body-without-method", "warning"]);
  });

  it("applies severities from config, including off", () => {
    const up = lintPages(checkout, page, { severities: { "body-without-method": "error" } });
    expect(up.findings.find((f) => f.rule === "body-without-method")?.severity).toBe("error");
    const off = lintPages(checkout, page, { severities: { "body-without-method": "off" } });
    expect(off.findings.some((f) => f.rule === "body-without-method")).toBe(false);
  });

  it("--rule keeps only the named rules and --ignore-rule drops them", () => {
    const only = lintPages(checkout, ["block-unknown-key/not-ok.md"], { rules: ["block-unknown-key"] });
    expect(new Set(only.findings.map((f) => f.rule))).toEqual(new Set(["block-unknown-key"]));
    const ignored = lintPages(checkout, ["block-unknown-key/not-ok.md"], { ignoreRules: ["block-unknown-key"] });
    expect(ignored.findings.some((f) => f.rule === "block-unknown-key")).toBe(false);
  });

  it("reports unknown rule ids as usage errors", () => {
    const r = lintPages(checkout, page, { rules: ["no-such-rule"] });
    expect(r.diagnostics.map((d) => [d.code, d.kind])).toEqual([["lint/unknown-rule", "usage"]]);
  });
});

describe("formats", () => {
  const findings: Finding[] = [
    { file: "a.md", line: 3, rule: "curly-quotes", severity: "error", message: "Unexpected curly quote, here: 50%", hint: "use straight quotes" },
    { file: "a.md", line: 9, rule: "unused-variable", severity: "warning", message: "Unexpected unused variable 'x'" },
  ];

  it("github: one escaped workflow command per finding", () => {
    expect(formatGithub(findings)).toBe(
      "::error file=a.md,line=3,title=docval curly-quotes::Unexpected curly quote, here: 50%25%0Ause straight quotes\n" +
        "::warning file=a.md,line=9,title=docval unused-variable::Unexpected unused variable 'x'\n",
    );
  });

  it("sarif: rules described and results located", () => {
    const s = JSON.parse(formatSarif(findings, RULES, "0.0.0")) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; ruleIndex: number; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(s.version).toBe("2.1.0");
    const run = s.runs[0];
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(run.results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine])).toEqual([
      ["curly-quotes", "error", 3],
      ["unused-variable", "warning", 9],
    ]);
    expect(run.tool.driver.rules[run.results[0].ruleIndex].id).toBe("curly-quotes");
  });

  it("console: grouped by file with a summary", () => {
    const out = formatConsole(findings);
    expect(out).toContain("a.md\n");
    expect(out).toMatch(/3 {2}error {4}Unexpected curly quote/);
    expect(out).toContain("hint: use straight quotes");
    expect(out.trim().endsWith("1 error, 1 warning")).toBe(true);
    expect(formatConsole([])).toBe("no problems found\n");
  });
});

describe("docval lint (CLI)", () => {
  it("exits 1 on errors and prints JSON findings", async () => {
    const r = await runCli(["lint", "curly-quotes/not-ok.md", "--format", "json", "--rule", "curly-quotes"], { cwd: FIXTURES });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: Finding[] };
    expect(json.findings).toEqual([
      { file: "curly-quotes/not-ok.md", line: 22, rule: "curly-quotes", severity: "error", message: 'Unexpected curly quote in headers: "‘Content-Type:application/json’"', hint: "use straight quotes (' or \") or none" },
    ]);
  });

  it("exits 0 when there are only warnings", async () => {
    const r = await runCli(["lint", "body-without-method/not-ok.md", "--rule", "body-without-method"], { cwd: FIXTURES });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("0 errors, 1 warning");
  });

  it("exits 0 on a clean page and 2 on usage errors", async () => {
    expect((await runCli(["lint", "curly-quotes/ok.md"], { cwd: FIXTURES })).code).toBe(0);
    const bad = await runCli(["lint", "curly-quotes/ok.md", "--rule", "nope"], { cwd: FIXTURES });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unexpected rule id 'nope'");
    expect((await runCli(["lint", "no/such/page.md"], { cwd: FIXTURES })).code).toBe(2);
    expect((await runCli(["lint", "curly-quotes/ok.md", "--format", "xml"], { cwd: FIXTURES })).code).toBe(2);
  });
});

describe("includes", () => {
  it("a missing include inside another include is reported at its line in that include, once", async () => {
    const { tmpCheckout, page, check } = await import("../reliability/net.js");
    const root = tmpCheckout(
      { "a.md": page("A", `{% include outer.md %}\n\n{% include missing-here.md %}\n\n${check("/echo")}`) },
      { "app/_includes/outer.md": "Outer\n\n{% include no-such-inner.md %}\n" },
    );
    const opened = openCheckout([root], { cwd: root });
    const found = lintPages(opened.checkout!, opened.pageFiles).findings.filter((f) => /not found|no app\/_includes/.test(f.message));
    expect(found.map((f) => `${f.file}:${f.line} ${f.rule}`).sort()).toEqual([
      "app/_how-tos/t/a.md:15 include-missing",
      "app/_includes/outer.md:3 page-read",
    ]);
  });
});
