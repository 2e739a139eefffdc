/** traffic-generator: `iterations` requests, each must answer the expected status (default 200). */
import { compare } from "./assert.js";
import type { CheckExecutor } from "./context.js";
import { runLoop } from "./outcome.js";

export const trafficGenerator: CheckExecutor<"traffic-generator"> = {
  type: "traffic-generator",
  run: (step, ctx) => {
    const expect = { ...step.expect, status: step.expect.status ?? 200 };
    return runLoop(step, ctx, {
      count: Math.max(1, step.repeat),
      sleepBeforeMs: (step.sleepSeconds ?? 0) * 1000,
      expected: { ...expect, iterations: step.repeat },
      judge: (_i, a) => compare(expect, a),
    });
  },
};
