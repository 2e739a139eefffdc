/**
 * The event stream reporters consume (STYLE "Stages and events"). Events are JSON-safe so the
 * blob reporter can write one per line and merge can replay them through the same hub.
 */
import type { Diagnostic } from "./diagnostic.js";
import type { PageRef, RunMeta, RunSummary, StepResult, VariantResult } from "./results.js";

export type RunEvent =
  | { type: "run-start"; meta: RunMeta }
  | { type: "page-start"; page: PageRef; variant: string }
  | { type: "step-end"; page: PageRef; variant: string; step: StepResult }
  | { type: "page-end"; result: VariantResult }
  | { type: "diagnostic"; diagnostic: Diagnostic }
  | { type: "run-end"; summary: RunSummary };

type EventOf<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>;
type Awaitable<T> = T | Promise<T>;

/** Every hook is optional and may be async; a reporter implements only what it needs. */
export interface Reporter {
  onRunStart?(e: EventOf<"run-start">): Awaitable<void>;
  onPageStart?(e: EventOf<"page-start">): Awaitable<void>;
  onStepEnd?(e: EventOf<"step-end">): Awaitable<void>;
  onPageEnd?(e: EventOf<"page-end">): Awaitable<void>;
  onDiagnostic?(e: EventOf<"diagnostic">): Awaitable<void>;
  onRunEnd?(e: EventOf<"run-end">): Awaitable<void>;
}

/** Where events go. The hub (report/hub.ts) is the single writer and redacts once. */
export interface EventSink {
  emit(event: RunEvent): Promise<void>;
}
