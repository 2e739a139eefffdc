/** unauthorized-check: one request; status (default 401) and the exact JSON `message` (default "Unauthorized"). */
import { compare } from "./assert.js";
import type { CheckExecutor } from "./context.js";
import { runLoop } from "./outcome.js";

export const unauthorizedCheck: CheckExecutor<"unauthorized-check"> = {
  type: "unauthorized-check",
  run: (step, ctx) => {
    const expect = { ...step.expect, status: step.expect.status ?? 401 };
    return runLoop(step, ctx, {
      count: 1,
      sleepBeforeMs: (step.sleepSeconds ?? 0) * 1000,
      expected: { ...expect },
      judge: (_i, a) => compare(expect, a, { strictMessage: true }),
    });
  },
};
