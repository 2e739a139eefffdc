/** Exit codes (DESIGN §2.12), in one place. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_TARGET = 3;
export const EXIT_INTERRUPTED = 130;

export interface ExitInputs {
  interrupted?: boolean;
  usageOrConfigError?: boolean;
  targetBroke?: boolean;
  /** failed, error (page malformed or harness fault), unexpected-pass, or an expired expected failure. */
  anyFailed?: boolean;
}

/** Interrupted, then usage/config, then target, then failures; else 0. */
export function exitCode(i: ExitInputs): number {
  if (i.interrupted) return EXIT_INTERRUPTED;
  if (i.usageOrConfigError) return EXIT_USAGE;
  if (i.targetBroke) return EXIT_TARGET;
  if (i.anyFailed) return EXIT_FAILED;
  return EXIT_OK;
}
