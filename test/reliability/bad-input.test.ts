/**
 * Malformed pages (fixtures/bad) through every command: each bad page gets an error with file and
 * line, the good pages next to them are still processed, every page appears in the output, and
 * nothing throws or runs away (alias bombs, include loops, fan-out, deep nesting, 5 MB pages).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openCheckout } from "../../src/docs/checkout.js";
import { parsePage } from "../../src/docs/parse.js";
import { buildPlan } from "../../src/plan/build.js";
import type { Page } from "../../src/plan/model.js";
import { runCli } from "../helpers/cli.js";

const BAD = "fixtures/bad";
const P = "app/_how-tos/bad";
const env = { ...process.env, CI: "true", NO_COLOR: "1", GITHUB_ACTIONS: "" };

/** What each bad page must report: the diagnostic code and where (file defaults to the page). */
const EXPECTED: Record<string, { code: string | RegExp; line: number; file?: string }> = {
  "alias-bomb-front-matter.md": { code: "docs/front-matter-yaml", line: 2 },
  "alias-bomb.md": { code: "docs/block-yaml", line: 15 },
  "binary.md": { code: "docs/block-yaml", line: 18 },
  "block-yaml-invalid.md": { code: "docs/block-yaml", line: 20 },
  "deep-nesting.md": { code: "docs/block-yaml", line: 16 },
  "form-file-outside.md": { code: "plan/form-file-outside", line: 17 },
  "front-matter-broken.md": { code: "docs/front-matter-yaml", line: 12 },
  "front-matter-unclosed.md": { code: "docs/front-matter-unclosed", line: 1 },
  "include-cycle.md": { code: "docs/include-cycle", line: 2, file: "app/_includes/loops/pong.md" },
  "include-fan-out.md": { code: /^docs\/include-(depth|budget)$/, line: 2 },
  "include-missing.md": { code: "docs/include", line: 16 },
  "include-outside.md": { code: "docs/include", line: 14 },
  "include-self.md": { code: "docs/include", line: 16 },
  "liquid-misnested.md": { code: "docs/liquid", line: 19 },
  "liquid-unclosed.md": { code: "docs/liquid", line: 16 },
  "status-not-a-number.md": { code: "plan/bad-status", line: 16 },
  "status-out-of-range.md": { code: "plan/bad-status", line: 16 },
  "tabs.md": { code: "docs/block-yaml", line: 17 },
};
const CLEAN = ["good.md", "crlf.md", "bom.md"];
const ALL = [...Object.keys(EXPECTED), ...CLEAN, "unknown-validation.md"].sort();

function planBad(): Page[] {
  const opened = openCheckout([BAD], { cwd: process.cwd() });
  if (!opened.checkout) throw new Error("fixtures/bad did not open");
  return buildPlan(opened.checkout, opened.pageFiles).pages;
}

describe("bad pages through the reader and planner", () => {
  const pages = planBad();
  const byName = new Map(pages.map((p) => [p.file.slice(P.length + 1), p]));

  it("plans every page of the checkout, bad or not", () => {
    expect([...byName.keys()].sort()).toEqual(ALL);
  });

  it.each(Object.entries(EXPECTED))("%s is an error with its code, file and line, and no steps", (name, want) => {
    const page = byName.get(name) as Page;
    expect(page.error, `${name} should carry an error`).not.toBeNull();
    expect(page.error?.code).toMatch(want.code);
    if (name !== "include-fan-out.md") expect(page.error?.line).toBe(want.line);
    expect(page.error?.file).toBe(want.file ?? (name === "include-fan-out.md" ? page.error?.file : `${P}/${name}`));
    expect(page.error?.message.length).toBeGreaterThan(10);
    for (const v of page.variants) expect(v.steps).toEqual([]);
  });

  it("reports an include cycle once, naming the chain", () => {
    const page = byName.get("include-self.md") as Page;
    const cycles = page.diagnostics?.filter((d) => d.code === "docs/include-cycle") ?? [];
    expect(cycles).toHaveLength(1);
    expect(cycles[0].message).toContain("app/_includes/loops/mirror.md → app/_includes/loops/mirror.md");
  });

  it("stops exponential include fan-out with one budget diagnostic", () => {
    const page = byName.get("include-fan-out.md") as Page;
    const budget = page.diagnostics?.filter((d) => d.code === "docs/include-budget") ?? [];
    expect(budget).toHaveLength(1);
  });

  it("never reads a file outside the includes folder", () => {
    const opened = openCheckout([`${BAD}/${P}/include-outside.md`], { cwd: process.cwd() });
    const parsed = parsePage(opened.checkout as NonNullable<typeof opened.checkout>, `${P}/include-outside.md`);
    // The second include names good.md, whose validation block would show up if it were read.
    expect(parsed.blocks).toEqual([]);
    expect(parsed.diagnostics.filter((d) => d.message.includes("leaves the includes folder"))).toHaveLength(2);
  });

  it("reads CRLF and BOM pages exactly like the LF page, lines included", () => {
    const shape = (p: Page) => p.variants[0].steps.map((s) => [s.kind, s.source.line]);
    const good = byName.get("good.md") as Page;
    expect(good.error).toBeNull();
    expect(shape(good)).toEqual([
      ["apply", 13],
      ["check", 22],
    ]);
    for (const n of ["crlf.md", "bom.md"]) {
      const p = byName.get(n) as Page;
      expect(p.error, n).toBeNull();
      expect(shape(p), n).toEqual(shape(good));
    }
  });

  it("turns an unknown validation type into a warning at its line and an unsupported step", () => {
    const page = byName.get("unknown-validation.md") as Page;
    expect(page.error).toBeNull();
    const w = page.diagnostics?.find((d) => d.code === "plan/unknown-validation");
    expect(w?.source).toEqual({ file: `${P}/unknown-validation.md`, line: 20 });
    expect(page.variants[0].steps.at(-1)).toMatchObject({ kind: "unsupported", type: "teleport-check" });
  });
});

describe("bad pages through the CLI", () => {
  it("docval list names every page and each error with file:line", async () => {
    const r = await runCli(["list", BAD, "--json"], { env });
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout) as { file: string; error: { line: number; file: string } | null }[];
    expect(rows.map((x) => x.file.slice(P.length + 1)).sort()).toEqual(ALL);
    for (const [name, want] of Object.entries(EXPECTED)) {
      const row = rows.find((x) => x.file === `${P}/${name}`);
      expect(row?.error, name).not.toBeNull();
      if (name !== "include-fan-out.md") expect(`${row?.error?.file}:${row?.error?.line}`).toBe(`${want.file ?? `${P}/${name}`}:${want.line}`);
    }
    for (const name of CLEAN) expect(rows.find((x) => x.file === `${P}/${name}`)?.error).toBeNull();
    expect(r.stderr).toContain(`${P}/liquid-unclosed.md:16:`);
  });

  it("docval plan --json prints one page per file, errors positioned, good pages planned", async () => {
    const r = await runCli(["plan", BAD, "--json"], { env });
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.stdout) as { pages: Page[] };
    expect(plan.pages).toHaveLength(ALL.length);
    const good = plan.pages.find((p) => p.file === `${P}/good.md`);
    expect(good?.variants[0].steps.map((s) => s.kind)).toEqual(["apply", "check"]);
    for (const p of plan.pages) if (p.error) expect(p.error.line).toBeGreaterThanOrEqual(1);
  });

  it("docval lint reports the unreadable pages at their lines and still lints the rest", async () => {
    const r = await runCli(["lint", BAD, "--format", "json"], { env });
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { file: string; line: number; rule: string; severity: string; page?: string }[] }).findings;
    // every bad page has an error finding at the line list/plan/run point at (in the page, or in its include)
    for (const [name, want] of Object.entries(EXPECTED)) {
      const page = `${P}/${name}`;
      const mine = findings.filter((f) => f.severity === "error" && (f.file === page || f.page === page));
      expect(mine.length, name).toBeGreaterThan(0);
      if (name !== "include-fan-out.md") expect(mine.map((f) => `${f.file}:${f.line}`), name).toContain(`${want.file ?? page}:${want.line}`);
    }
    for (const name of CLEAN) expect(findings.filter((f) => f.file === `${P}/${name}` && f.severity === "error"), name).toEqual([]);
    expect(r.stdout).toContain("teleport-check");
  });

  it("docval run gives every bad page an `error` verdict with file and line, and passes the good ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "docval-bad-run-"));
    try {
      const r = await runCli(["run", join(process.cwd(), BAD), "--workers", "2", "--reporter", "json", "--reporter", "junit", "--out-dir", join(dir, "out")], { cwd: dir, env });
      expect(r.code).toBe(1);
      const report = JSON.parse(readFileSync(join(dir, "out", "results.json"), "utf8")) as {
        results: { tests: { line?: number; filePath: string; message?: string; extra: { verdict: string; page: { file: string } } }[] };
      };
      const tests = report.results.tests;
      expect(tests.map((t) => t.extra.page.file.slice(P.length + 1)).sort()).toEqual(ALL);
      for (const [name, want] of Object.entries(EXPECTED)) {
        const t = tests.find((x) => x.extra.page.file === `${P}/${name}`);
        expect(t?.extra.verdict, name).toBe("error");
        if (name !== "include-fan-out.md") {
          expect(t?.filePath, name).toBe(want.file ?? `${P}/${name}`);
          expect(t?.line, name).toBe(want.line);
        }
      }
      for (const name of CLEAN) expect(tests.find((x) => x.extra.page.file === `${P}/${name}`)?.extra.verdict, name).toBe("passed");
      expect(tests.find((x) => x.extra.page.file === `${P}/unknown-validation.md`)?.extra.verdict).toBe("unverified");
      const junit = readFileSync(join(dir, "out", "junit.xml"), "utf8");
      for (const name of ALL) expect(junit, name).toContain(`${P}/${name}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("5 MB pages", () => {
  const dir = mkdtempSync(join(tmpdir(), "docval-huge-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(BAD, dir, { recursive: true });
  const head = "---\ntitle: Five megabytes\nproducts:\n  - gateway\n---\n\n";
  const prose = "Lorem ipsum dolor sit amet, with a `code span`, **bold** text and {braces} for padding.\n";
  const liquid = "Lorem ipsum {{ site.title }} dolor sit amet, with a `code span` and **bold** text.\n";
  const tail = "{% validation request-check %}\nurl: /echo\nstatus_code: 200\n{% endvalidation %}\n";
  const count = (line: string) => Math.ceil((5 * 1024 * 1024) / line.length);
  writeFileSync(join(dir, P, "huge-prose.md"), head + prose.repeat(count(prose)) + tail);
  writeFileSync(join(dir, P, "huge-liquid.md"), head + liquid.repeat(count(liquid)) + tail);
  const opened = openCheckout([dir], { cwd: dir });
  const checkout = opened.checkout as NonNullable<typeof opened.checkout>;

  it("of prose is read and planned, its block at the right line", () => {
    const page = buildPlan(checkout, [`${P}/huge-prose.md`]).pages[0];
    expect(page.error).toBeNull();
    expect(page.variants[0].steps).toHaveLength(1);
    expect(page.variants[0].steps[0].source.line).toBe(head.split("\n").length - 1 + count(prose) + 1);
  }, 60_000);

  it("of Liquid outputs is refused with a positioned error instead of a quadratic parse", () => {
    const started = Date.now();
    const page = buildPlan(checkout, [`${P}/huge-liquid.md`]).pages[0];
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(page.error?.code).toBe("docs/liquid");
    expect(page.error?.message).toContain("Liquid tags");
    expect(page.error?.line).toBe(head.split("\n").length - 1 + 10_001);
  }, 60_000);

  it("does not stop the other pages of a listing", async () => {
    const r = await runCli(["list", dir, "--json"], { cwd: dir, env });
    const rows = JSON.parse(r.stdout) as { file: string; error: unknown }[];
    expect(rows.find((x) => x.file === `${P}/huge-prose.md`)?.error).toBeNull();
    expect(rows.find((x) => x.file === `${P}/good.md`)?.error).toBeNull();
    expect(rows.find((x) => x.file === `${P}/huge-liquid.md`)?.error).not.toBeNull();
  }, 60_000);
});
