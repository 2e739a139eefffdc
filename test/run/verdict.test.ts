import { describe, expect, it } from "vitest";
import type { StepResult, VariantResult } from "../../src/core/results.js";
import { exitCode } from "../../src/cli/exit.js";
import { applyExpected, parseExpectedFailures } from "../../src/run/expected-failures.js";
import { exitFacts, variantVerdict } from "../../src/run/verdict.js";

const step = (verdict: StepResult["verdict"], extra: Partial<StepResult> = {}): StepResult => ({
  index: 0,
  kind: "check",
  source: { file: "p.md", line: 10 },
  verdict,
  durationMs: 1,
  ...extra,
});

describe("variant verdict", () => {
  it.each([
    [["passed", "passed"], "passed"],
    [["passed", "failed"], "failed"],
    [["passed", "error"], "error"],
    [["passed", "unverified"], "unverified"],
    [["skipped"], "skipped"],
    [[], "skipped"],
    [["passed", "blocked"], "blocked"],
  ] as const)("%j → %s", (verdicts, want) => {
    expect(variantVerdict(verdicts.map((v) => step(v))).verdict).toBe(want);
  });

  it("is never passed when only apply or set-env steps passed: nothing on the page was checked", () => {
    const apply = step("passed", { kind: "apply" });
    const setEnv = step("passed", { kind: "set-env" });
    const shellSkipped = step("skipped", { kind: "shell", message: "shell steps run only with --allow-shell" });
    expect(variantVerdict([apply, setEnv, shellSkipped])).toEqual({ verdict: "skipped", reason: "shell steps run only with --allow-shell" });
    const onlyApply = variantVerdict([apply]);
    expect(onlyApply.verdict).toBe("skipped");
    expect(onlyApply.reason).toMatch(/nothing on it was verified/);
    expect(variantVerdict([apply, step("passed", { kind: "shell" })]).verdict).toBe("passed");
    expect(variantVerdict([apply, step("passed")]).verdict).toBe("passed");
  });

  it("names the unmodelled plugins of an unverified variant", () => {
    expect(variantVerdict([step("passed"), step("unverified", { unemulated: ["pre-function"] })]).reason).toContain("pre-function");
  });
});

describe("exit codes", () => {
  it.each([
    [{ verdicts: ["passed", "skipped"], kinds: [], interrupted: false }, 0],
    [{ verdicts: ["passed", "failed"], kinds: [], interrupted: false }, 1],
    [{ verdicts: ["unexpected-pass"], kinds: [], interrupted: false }, 1],
    [{ verdicts: ["error"], kinds: [], interrupted: false }, 1],
    [{ verdicts: ["expected-failure", "blocked", "unverified"], kinds: [], interrupted: false }, 0],
    [{ verdicts: ["failed"], kinds: ["target"], interrupted: false }, 3],
    [{ verdicts: [], kinds: ["config"], interrupted: false }, 2],
    [{ verdicts: ["failed"], kinds: ["target"], interrupted: true }, 130],
  ] as const)("%j → %i", (c, want) => {
    const ds = c.kinds.map((kind) => ({ code: "x", kind, message: "m" }));
    expect(exitCode(exitFacts([...c.verdicts], ds, c.interrupted))).toBe(want);
  });
});

describe("expected failures", () => {
  const result = (verdict: VariantResult["verdict"], failingLine = 12): VariantResult => ({
    page: { file: "gateway/a.md", id: "/a/", title: "A", products: ["gateway"] },
    variant: "on-prem",
    verdict,
    durationMs: 1,
    steps: verdict === "failed" ? [step("passed"), step("failed", { index: 1, source: { file: "gateway/a.md", line: failingLine } })] : [step("passed")],
    diagnostics: [],
  });

  it("reads the list and map forms and rejects entries without a reason", () => {
    const list = parseExpectedFailures("- page: gateway/a.md\n  reason: dummy key\n  expires: 2030-01-01\n- page: gateway/b.md\n", "ef.yaml");
    expect(list.entries).toEqual([{ page: "gateway/a.md", reason: "dummy key", expires: "2030-01-01" }]);
    expect(list.diagnostics[0].message).toContain("gateway/b.md");
    expect(list.diagnostics[0].kind).toBe("config");
    const map = parseExpectedFailures("gateway/a.md: dummy key\ngateway/c.md: {reason: r, variant: konnect}\n", "ef.yaml");
    expect(map.entries).toEqual([
      { page: "gateway/a.md", reason: "dummy key" },
      { page: "gateway/c.md", reason: "r", variant: "konnect" },
    ]);
  });

  it("turns a matching failure into expected-failure and a pass into unexpected-pass", () => {
    const entries = [{ page: "gateway/a.md", reason: "dummy key" }];
    expect(applyExpected(result("failed"), entries, "2026-01-01")).toMatchObject({ verdict: "expected-failure", reason: "dummy key" });
    expect(applyExpected(result("passed"), entries, "2026-01-01").verdict).toBe("unexpected-pass");
    expect(applyExpected(result("skipped"), entries, "2026-01-01").verdict).toBe("skipped");
  });

  it("matches a step by position or line, and stops excusing after the expiry date", () => {
    expect(applyExpected(result("failed"), [{ page: "gateway/a.md", step: 2, reason: "r" }], "2026-01-01").verdict).toBe("expected-failure");
    expect(applyExpected(result("failed"), [{ page: "gateway/a.md", step: 1, reason: "r" }], "2026-01-01").verdict).toBe("failed");
    expect(applyExpected(result("failed"), [{ page: "gateway/a.md", line: 12, reason: "r" }], "2026-01-01").verdict).toBe("expected-failure");
    const expired = applyExpected(result("failed"), [{ page: "gateway/a.md", reason: "r", expires: "2025-06-01" }], "2026-01-01");
    expect(expired.verdict).toBe("failed");
    expect(expired.reason).toContain("expired on 2025-06-01");
  });
});
