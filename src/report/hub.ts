/**
 * The single writer between a run and its reporters (STYLE "Stages and events").
 *
 * In: RunEvents, in order, from the runner or from a merge replay. Out: each event redacted once with
 * the run's Redactor and handed to every reporter in turn. A reporter that throws is recorded and the
 * fault is passed to the others as a diagnostic event, so one broken reporter never hides results
 * (Playwright's Multiplexer). Emits are serialised: callers that do not await still get ordered delivery.
 */
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { EventSink, Reporter, RunEvent } from "../core/events.js";
import type { Redactor } from "../core/redact.js";

export interface Hub extends EventSink {
  readonly reporterErrors: Diagnostic[];
  /** Waits for every event emitted so far to reach every reporter; later emits are ignored. */
  close(): Promise<void>;
}

/** Reporters may carry a name so a fault can say which one broke. */
export type NamedReporter = Reporter & { readonly name?: string };

export function createHub(reporters: Reporter[], redactor: Redactor): Hub {
  const errors: Diagnostic[] = [];
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  async function dispatch(event: RunEvent, skip?: Reporter): Promise<void> {
    for (const reporter of reporters) {
      if (reporter === skip) continue;
      try {
        await call(reporter, event);
      } catch (err) {
        const d = reporterFault(reporter, event.type, err, redactor);
        errors.push(d);
        // A fault while reporting a fault is recorded but not re-dispatched again (no loops).
        if (event.type !== "diagnostic" || skip === undefined) await dispatch({ type: "diagnostic", diagnostic: d }, reporter);
      }
    }
  }

  return {
    reporterErrors: errors,
    emit(event: RunEvent): Promise<void> {
      if (closed) return Promise.resolve();
      const clean = redactor.redactDeep(event);
      chain = chain.then(() => dispatch(clean));
      return chain;
    },
    async close(): Promise<void> {
      closed = true;
      await chain;
    },
  };
}

function call(r: Reporter, e: RunEvent): unknown {
  switch (e.type) {
    case "run-start":
      return r.onRunStart?.(e);
    case "page-start":
      return r.onPageStart?.(e);
    case "step-end":
      return r.onStepEnd?.(e);
    case "page-end":
      return r.onPageEnd?.(e);
    case "diagnostic":
      return r.onDiagnostic?.(e);
    case "run-end":
      return r.onRunEnd?.(e);
  }
}

function reporterFault(r: NamedReporter, eventType: string, err: unknown, redactor: Redactor): Diagnostic {
  const name = r.name ?? r.constructor?.name ?? "reporter";
  const why = err instanceof Error ? err.message : String(err);
  return diag("report/reporter-failed", "harness", redactor.redact(`reporter '${name}' failed on ${eventType}: ${why}`), {
    severity: "error",
    hint: "The other reporters still received every result; fix or drop this reporter (an unwritable output path is the usual cause).",
  });
}
