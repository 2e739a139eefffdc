import { describe, expect, it } from "vitest";
import { coverageOf, formatCoverage, type CoveragePageInput } from "../../src/report/coverage.js";
import { runCli } from "../helpers/cli.js";
import { CORPUS, HAS_CORPUS } from "../helpers/corpus.js";

const page = (file: string, products: string[], over: Partial<CoveragePageInput> = {}): CoveragePageInput => ({
  file,
  title: file,
  products,
  skip: null,
  error: null,
  variants: [{ deployment: "on-prem", steps: [{ kind: "apply" }, { kind: "check", type: "request-check" }] }],
  ...over,
});

describe("coverageOf", () => {
  const report = coverageOf([
    page("a.md", ["gateway"]),
    page("b.md", ["gateway"], { skip: { reason: "automated_tests: false" } }),
    page("c.md", ["ai-gateway"], { variants: [{ deployment: "on-prem", steps: [{ kind: "unsupported", type: "grpc-check", reason: "gRPC checks are not supported" }] }] }),
    page("d.md", ["ai-gateway", "gateway"], { variants: [{ deployment: "on-prem", steps: [{ kind: "apply" }] }] }),
    page("e.md", ["gateway"], { error: { message: "bad YAML", line: 3 } }),
    page("f.md", ["gateway"], { variants: [{ deployment: "konnect", skip: { reason: "deployment not targeted" }, steps: [] }] }),
  ]);

  it("sorts each page into tested, skipped, unsupported, no-validation or error, with the reason", () => {
    expect(report.pages.map((p) => [p.file, p.status, p.reason ?? ""])).toEqual([
      ["a.md", "tested", ""],
      ["b.md", "skipped", "automated_tests: false"],
      ["c.md", "unsupported", "grpc-check: gRPC checks are not supported"],
      ["d.md", "no-validation", "config is applied but nothing is checked"],
      ["e.md", "error", "line 3: bad YAML"],
      ["f.md", "skipped", "konnect: deployment not targeted"],
    ]);
  });

  it("counts per product, a page counting under each of its products", () => {
    expect(report.byProduct.gateway).toMatchObject({ pages: 5, tested: 1, skipped: 2, "no-validation": 1, error: 1 });
    expect(report.byProduct["ai-gateway"]).toMatchObject({ pages: 2, unsupported: 1, "no-validation": 1 });
    expect(report.totals.pages).toBe(6);
    const text = formatCoverage(report);
    expect(text).toContain("1 of 6 pages (17%) are tested.");
    expect(text).toMatch(/unsupported \(1\):\n {2}c\.md {2}grpc-check/);
  });
});

describe.skipIf(!HAS_CORPUS)("docval coverage on the shared corpus", () => {
  it("prints the table and accounts for every page", async () => {
    const res = await runCli(["coverage", CORPUS, "--json"]);
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout) as ReturnType<typeof coverageOf>;
    expect(r.totals.pages).toBe(r.pages.length);
    expect(r.totals.pages).toBeGreaterThan(10);
    expect(r.totals.tested).toBeGreaterThan(0);
    const text = await runCli(["coverage", CORPUS]);
    expect(text.stdout).toMatch(/^product +pages +tested +skipped +unsupported +no-validation +error/);
  });
});
