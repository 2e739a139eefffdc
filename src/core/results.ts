/**
 * What a run produces, as plain JSON-safe values. Reporters read only these (through events);
 * everything here has already been redacted by the hub before a reporter sees it.
 */
import type { Diagnostic } from "./diagnostic.js";
import type { SourcePos } from "./source.js";
import type { StepVerdict, Verdict } from "./verdict.js";

export interface PageRef {
  /** Relative to the checkout root. */
  file: string;
  /** Permalink. */
  id: string;
  title: string;
  products: string[];
}

export interface HttpExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; bodyExcerpt: string; durationMs: number };
  /** Transport failure (timeout, reset, refused), with undici's error code. */
  error?: { code: string; message: string };
}

export interface StepResult {
  /** Position of the step in its variant's step list. */
  index: number;
  kind: "apply" | "check" | "set-env" | "shell" | "unsupported";
  /** Validation type for checks (`request-check`), origin for applies (`entity_examples`). */
  type?: string;
  tabs?: string[];
  source: SourcePos;
  verdict: StepVerdict;
  durationMs: number;
  /** One line a person reads first: "expected status 201, got 400". */
  message?: string;
  expected?: { status?: number; message?: string; headers?: Record<string, string | null>; [k: string]: unknown };
  actual?: { status?: number; message?: string; headers?: Record<string, string>; [k: string]: unknown };
  /** The exchange that decided the verdict (for repeated requests: the deciding one). */
  exchange?: HttpExchange;
  /** A curl that reproduces the request, with `$NAME` references instead of secret values. */
  curl?: string;
  /** Plugins on the request path the embedded gateway does not model. */
  unemulated?: string[];
  diagnostics?: Diagnostic[];
}

export interface VariantResult {
  page: PageRef;
  variant: string;
  verdict: Verdict;
  /** Why it was skipped, blocked, unverified, or expected to fail. */
  reason?: string;
  durationMs: number;
  steps: StepResult[];
  diagnostics: Diagnostic[];
  /** Env names that were missing (blocked) or filled with placeholders (embedded AI pages). */
  missingEnv?: string[];
  placeholderEnv?: string[];
  /** Attempts made (1 + retries used); `flaky` when a retry passed. */
  attempts?: number;
  flaky?: boolean;
}

export interface RunMeta {
  docvalVersion: string;
  /** Version of the event-log (blob) format; merge refuses mixed versions. */
  blobVersion: number;
  root: string;
  startTime: string;
  shard?: { index: number; total: number };
  target?: { kind: "embedded" | "remote"; version: string; database: "postgres" | "off"; adminUrl?: string };
  /** Page variants expected in this run (for progress): a page counts once per deployment. */
  totalPages?: number;
  /** What the docs CI protects: pages per product by coverage status (tested, skipped, …). */
  coverage?: CoverageSummary;
}

/** `docval coverage` in brief, carried in the run's metadata so reports can show it. */
export interface CoverageSummary {
  /** status (`tested`, `skipped`, `unsupported`, `no-validation`, `error`) and `pages` → count. */
  totals: Record<string, number>;
  byProduct: Record<string, Record<string, number>>;
}

export interface RunSummary {
  counts: Record<Verdict, number>;
  total: number;
  start: string;
  stop: string;
  durationMs: number;
  interrupted?: boolean;
  exitCode?: number;
}
