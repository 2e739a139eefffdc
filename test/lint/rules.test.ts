/**
 * Every rule, driven by its fixtures (remark-lint's test.js): `ok.md` yields nothing for the rule, `not-ok.md`
 * yields exactly `not-ok.txt` (`line: message`), every rule has fixtures, a summary and docs, and no rule throws
 * on the shared corpus.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openCheckout } from "../../src/docs/checkout.js";
import { parsePage } from "../../src/docs/parse.js";
import { lintPages, lintParsed, RULES } from "../../src/lint/index.js";
import { CORPUS, HAS_CORPUS, PROJECT_ROOT } from "../helpers/corpus.js";

const FIXTURES = resolve(PROJECT_ROOT, "test/fixtures/lint");
const opened = openCheckout([FIXTURES], { cwd: FIXTURES });
const checkout = opened.checkout!;

describe("lint rule fixtures", () => {
  it("the fixture folder is a checkout", () => {
    expect(checkout.root).toBe(FIXTURES);
  });

  it("every fixture folder names a rule, and every rule has one", () => {
    const dirs = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "app" && !d.name.startsWith("_"))
      .map((d) => d.name)
      .sort();
    expect(dirs).toEqual(RULES.map((r) => r.id).sort());
  });

  const docs = existsSync(resolve(PROJECT_ROOT, "docs/lint.md")) ? readFileSync(resolve(PROJECT_ROOT, "docs/lint.md"), "utf8") : "";

  for (const rule of RULES) {
    describe(rule.id, () => {
      it("has a summary, docs and a default severity, and is documented in docs/lint.md", () => {
        expect(rule.summary.length).toBeGreaterThan(10);
        expect(rule.docs.description.length).toBeGreaterThan(20);
        expect(rule.docs.example.length).toBeGreaterThan(5);
        expect(["error", "warning"]).toContain(rule.defaultSeverity);
        expect(docs).toContain(`## ${rule.id}`);
      });

      it("finds nothing in ok.md", () => {
        const r = lintPages(checkout, [`${rule.id}/ok.md`], { rules: [rule.id] });
        expect(r.diagnostics).toEqual([]);
        expect(r.findings).toEqual([]);
      });

      it("finds exactly not-ok.txt in not-ok.md, stamped with the rule", () => {
        const r = lintPages(checkout, [`${rule.id}/not-ok.md`], { rules: [rule.id] });
        expect(r.diagnostics).toEqual([]);
        const expected = readFileSync(resolve(FIXTURES, rule.id, "not-ok.txt"), "utf8").split("\n").filter(Boolean);
        expect(expected.length).toBeGreaterThan(0);
        expect(r.findings.map((f) => `${f.line}: ${f.message}`)).toEqual(expected);
        for (const f of r.findings) {
          expect(f.rule).toBe(rule.id);
          expect(f.severity).toBe(rule.defaultSeverity);
          expect(f.file).toBe(`${rule.id}/not-ok.md`);
        }
      });
    });
  }
});

describe.skipIf(!HAS_CORPUS)("lint rules on the corpus", () => {
  it("no rule throws on any corpus page", () => {
    const o = openCheckout([CORPUS], { cwd: CORPUS });
    const pages = o.pageFiles.map((f) => parsePage(o.checkout!, f));
    expect(pages.length).toBeGreaterThan(40);
    const r = lintParsed(o.checkout!, pages);
    expect(r.diagnostics).toEqual([]);
  });
});
