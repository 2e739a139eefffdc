/**
 * The shared loop of every HTTP check: send the step's request `n` times (with the page's sleeps),
 * judge each answer, save captures, and turn what happened into one StepResult with expected and
 * actual side by side, the deciding exchange, a reproduction curl and the unmodelled plugins seen.
 */
import type { StepResult } from "../core/results.js";
import type { CheckStep } from "../plan/model.js";
import type { Mismatch } from "./assert.js";
import { actualMessage } from "./assert.js";
import { captureAll } from "./capture.js";
import type { CheckContext } from "./context.js";
import { reproCurl } from "./curl.js";
import { exchange, type Answer } from "./request.js";

export interface LoopOptions {
  count: number;
  /** Before the first request (request-check `sleep`). */
  sleepBeforeMs?: number;
  /** Between requests (rate-limit-check `sleep`). */
  sleepBetweenMs?: number;
  control?: boolean;
  /** Mismatches of answer `i` (0-based) of `count`. */
  judge(i: number, a: Answer): Mismatch[];
  /** What the page promises, for the report. */
  expected: StepResult["expected"];
}

export async function runLoop(step: CheckStep, ctx: CheckContext, o: LoopOptions): Promise<StepResult> {
  const started = performance.now();
  const base: StepResult = {
    index: ctx.index,
    kind: "check",
    type: step.type,
    tabs: step.tabs,
    source: step.source,
    verdict: "passed",
    durationMs: 0,
    expected: o.expected,
    curl: reproCurl(step.request, ctx.target, { control: o.control, adminHeaderNames: Object.keys(ctx.target.adminHeaders) }),
  };
  const unemulated = new Set<string>();
  const done = (r: Partial<StepResult>): StepResult => {
    const res: StepResult = { ...base, ...r, durationMs: Math.round(performance.now() - started) };
    if (unemulated.size) {
      res.unemulated = [...unemulated].sort();
      // An answer shaped by an unmodelled plugin proves nothing either way.
      if (res.verdict === "passed" || res.verdict === "failed") {
        const seen = res.message ? ` (observed: ${res.message})` : "";
        res.verdict = "unverified";
        res.message = `the request passes through ${res.unemulated.join(", ")}, which the embedded gateway does not model${seen}`;
        if (res.unemulated.every((u) => u.startsWith("upstream "))) {
          res.message = `the request goes to ${res.unemulated.map((u) => u.slice(9)).join(", ")}, an upstream the embedded gateway does not emulate (it never contacts the network)${seen}`;
        }
      }
    }
    return res;
  };

  await pause(ctx, o.sleepBeforeMs);
  let last: Answer | undefined;
  for (let i = 0; i < o.count; i++) {
    if (i > 0) await pause(ctx, o.sleepBetweenMs);
    if (ctx.signal.aborted) return done({ verdict: "error", message: "interrupted before the check finished", exchange: last?.exchange });
    const a = await exchange(step.request, ctx, { control: o.control });
    last = a;
    for (const u of a.unemulated) unemulated.add(u);
    const nth = o.count > 1 ? ` (request ${i + 1} of ${o.count})` : "";
    if (a.error) {
      const refused = a.error.code === "ECONNREFUSED" || a.error.code === "ABORTED";
      return done({
        verdict: refused ? "error" : "failed",
        message: a.error.code.startsWith("DOCVAL_") ? `${a.error.message}${nth}` : `${a.exchange.request.method} ${a.exchange.request.url} got no answer${nth}: ${a.error.message} (${a.error.code})`,
        exchange: a.exchange,
        actual: { error: a.error.code },
      });
    }
    const mismatches = o.judge(i, a);
    if (mismatches.length) {
      return done({
        verdict: "failed",
        message: mismatches.map((m) => m.message).join("; ") + nth,
        exchange: a.exchange,
        actual: actualOf(a, o.expected),
      });
    }
  }
  if (!last) return done({ verdict: "error", message: "the check sent no request (count 0)" });
  const problems: string[] = [];
  for (const c of captureAll(step, last)) {
    if (c.value !== undefined) ctx.env.capture(c.variable, c.value);
    else if (c.problem) problems.push(c.problem);
  }
  if (problems.length) return done({ verdict: "failed", message: problems.join("; "), exchange: last.exchange, actual: actualOf(last, o.expected) });
  return done({ verdict: "passed", exchange: last.exchange, actual: actualOf(last, o.expected) });
}

/** What came back, in the shape of what was expected (no message column where the page shows none). */
function actualOf(a: Answer, expected: StepResult["expected"]): StepResult["actual"] {
  if (!a.res) return undefined;
  const out: NonNullable<StepResult["actual"]> = { status: a.res.status, headers: a.res.headers };
  if (expected?.message != null) out.message = actualMessage(a.res.text, a.json).slice(0, 500);
  return out;
}

async function pause(ctx: CheckContext, ms: number | undefined): Promise<void> {
  if (!ms || ms <= 0) return;
  const t = ctx.clock.now();
  await ctx.clock.sleep(ms, ctx.signal);
  ctx.slept.ms += ctx.clock.now() - t;
}
