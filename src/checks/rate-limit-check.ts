/**
 * rate-limit-check: `iterations` requests, `sleep` seconds apart. Requests 1..N-1 must get through
 * (2xx: not limited yet); the N-th must be the limit answer (status, default 429, and message, default
 * "API rate limit exceeded"). `expected_headers` must be on every answer.
 */
import { compare, type Mismatch } from "./assert.js";
import type { CheckExecutor } from "./context.js";
import { runLoop } from "./outcome.js";

export const rateLimitCheck: CheckExecutor<"rate-limit-check"> = {
  type: "rate-limit-check",
  run: (step, ctx) => {
    const n = Math.max(1, step.repeat);
    const expect = { ...step.expect, status: step.expect.status ?? 429 };
    return runLoop(step, ctx, {
      count: n,
      sleepBetweenMs: (step.sleepSeconds ?? 0) * 1000,
      expected: { ...expect, iterations: n },
      judge: (i, a): Mismatch[] => {
        if (i === n - 1) return compare(expect, a, { strictMessage: true });
        const status = a.res?.status ?? 0;
        const early: Mismatch[] = status >= 200 && status < 300 ? [] : [{ what: "status", message: `expected the limit to be hit only on request ${n}, but request ${i + 1} already got ${status}` }];
        return [...early, ...compare({ headers: expect.headers }, a)];
      },
    });
  },
};
