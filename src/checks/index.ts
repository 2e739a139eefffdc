/** The check registry: validation type → executor (one file per type). */
import type { StepResult } from "../core/results.js";
import type { CheckStep, CheckType } from "../plan/model.js";
import type { CheckContext, CheckExecutor } from "./context.js";
import { controlPlaneRequest } from "./control-plane-request.js";
import { rateLimitCheck } from "./rate-limit-check.js";
import { requestCheck } from "./request-check.js";
import { trafficGenerator } from "./traffic-generator.js";
import { unauthorizedCheck } from "./unauthorized-check.js";

const EXECUTORS: { [T in CheckType]: CheckExecutor<T> } = {
  "request-check": requestCheck,
  "unauthorized-check": unauthorizedCheck,
  "rate-limit-check": rateLimitCheck,
  "traffic-generator": trafficGenerator,
  control_plane_request: controlPlaneRequest,
};

export function runCheck(step: CheckStep, ctx: CheckContext): Promise<StepResult> {
  const ex = EXECUTORS[step.type] as CheckExecutor | undefined;
  if (!ex) {
    return Promise.resolve({
      index: ctx.index,
      kind: "check",
      type: step.type,
      source: step.source,
      verdict: "error",
      durationMs: 0,
      message: `no executor for validation type '${step.type}'`,
    });
  }
  return ex.run(step, ctx);
}

export type { CheckContext, CheckExecutor, EnvReader, TargetUrls, Clock } from "./context.js";
export { realClock } from "./context.js";
