/**
 * The verdict of one page variant (DESIGN §2.8). Exactly one per variant; never `passed`
 * for something that was not checked.
 */
export const VERDICTS = [
  "passed",
  "failed",
  "error",
  "skipped",
  "blocked",
  "unverified",
  "expected-failure",
  "unexpected-pass",
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The verdict of one step. `unverified` names an unmodelled plugin or dependency on the path. */
export const STEP_VERDICTS = ["passed", "failed", "error", "skipped", "blocked", "unverified"] as const;
export type StepVerdict = (typeof STEP_VERDICTS)[number];

export function emptyCounts(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
}
