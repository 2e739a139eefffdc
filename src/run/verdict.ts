/**
 * One verdict per page variant (DESIGN §2.8) from its steps, and the run's exit code (DESIGN §2.12)
 * from the verdicts and diagnostics. Never `passed` for a variant where nothing was checked.
 */
import type { Diagnostic } from "../core/diagnostic.js";
import type { StepResult } from "../core/results.js";
import { emptyCounts, type Verdict } from "../core/verdict.js";

const NOTHING_CHECKED = "the page has no check or command docval can run, so nothing on it was verified";

export function variantVerdict(steps: readonly StepResult[]): { verdict: Verdict; reason?: string } {
  const first = (v: StepResult["verdict"]) => steps.find((s) => s.verdict === v);
  const failed = first("failed");
  if (failed) return { verdict: "failed", reason: failed.message };
  const error = first("error");
  if (error) return { verdict: "error", reason: error.message };
  const blocked = first("blocked");
  if (blocked) return { verdict: "blocked", reason: blocked.message };
  const unverified = steps.filter((s) => s.verdict === "unverified");
  if (unverified.length) {
    const names = [...new Set(unverified.flatMap((s) => s.unemulated ?? []))];
    const why = names.length ? `not modelled by the embedded gateway: ${names.join(", ")}` : (unverified[0].message ?? "a step could not be verified");
    return { verdict: "unverified", reason: why };
  }
  // Applying config and setting env prove nothing about the page: only a check or a shell step that
  // passed does. A variant that checked nothing is skipped, never passed.
  if (!steps.some((s) => s.verdict === "passed" && (s.kind === "check" || s.kind === "shell"))) {
    const skipped = first("skipped");
    return { verdict: "skipped", reason: skipped?.message ?? NOTHING_CHECKED };
  }
  return { verdict: "passed" };
}

export const FAILING_VERDICTS: ReadonlySet<Verdict> = new Set<Verdict>(["failed", "error", "unexpected-pass"]);

export function countVerdicts(verdicts: readonly Verdict[]): Record<Verdict, number> {
  const c = emptyCounts();
  for (const v of verdicts) c[v]++;
  return c;
}

/** What decides the exit code; the ordering itself lives in cli/exit.ts (passed in by the CLI). */
export interface ExitFacts {
  interrupted: boolean;
  usageOrConfigError: boolean;
  targetBroke: boolean;
  anyFailed: boolean;
}

export function exitFacts(verdicts: readonly Verdict[], diagnostics: readonly Diagnostic[], interrupted: boolean): ExitFacts {
  return {
    interrupted,
    usageOrConfigError: diagnostics.some((d) => (d.kind === "usage" || d.kind === "config") && d.severity !== "warning"),
    targetBroke: diagnostics.some((d) => d.kind === "target" && d.severity !== "warning"),
    anyFailed: verdicts.some((v) => FAILING_VERDICTS.has(v)),
  };
}
