/**
 * request-check: the page's curl, `count` times (each answer must match), after `sleep` seconds.
 * Status only when the page shows one; `message` as the page shows it; `expected_headers`.
 */
import { compare } from "./assert.js";
import type { CheckExecutor } from "./context.js";
import { runLoop } from "./outcome.js";

export const requestCheck: CheckExecutor<"request-check"> = {
  type: "request-check",
  run: (step, ctx) =>
    runLoop(step, ctx, {
      count: Math.max(1, step.repeat),
      sleepBeforeMs: (step.sleepSeconds ?? 0) * 1000,
      expected: { ...step.expect },
      judge: (_i, a) => compare(step.expect, a),
    }),
};
