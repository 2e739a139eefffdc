/**
 * What file reporters keep while a run streams by: the run's meta, every variant result, run-level
 * diagnostics and the summary. Plain data; each reporter renders it once at run end.
 */
import type { Diagnostic } from "../core/diagnostic.js";
import type { Reporter, RunEvent } from "../core/events.js";
import type { RunMeta, RunSummary, VariantResult } from "../core/results.js";
import { emptyCounts, type Verdict } from "../core/verdict.js";

export interface CollectedRun {
  meta: RunMeta;
  results: VariantResult[];
  diagnostics: Diagnostic[];
  summary: RunSummary;
}

type Ev<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>;

/** A reporter base made of one callback: `done(run)` fires on run end with the results sorted. */
export function collecting(name: string, done: (run: CollectedRun) => Promise<void> | void): Reporter & { name: string } {
  let meta: RunMeta | undefined;
  const results: VariantResult[] = [];
  const diagnostics: Diagnostic[] = [];
  return {
    name,
    onRunStart(e: Ev<"run-start">) {
      meta = e.meta;
    },
    onPageEnd(e: Ev<"page-end">) {
      results.push(e.result);
    },
    onDiagnostic(e: Ev<"diagnostic">) {
      diagnostics.push(e.diagnostic);
    },
    onRunEnd(e: Ev<"run-end">) {
      const m = meta ?? fallbackMeta(e.summary.start);
      return done({ meta: m, results: sortResults(results), diagnostics, summary: e.summary });
    },
  };
}

/** Stable order for files: page file, then variant. Live runs finish pages in any order. */
export function sortResults(results: VariantResult[]): VariantResult[] {
  return [...results].sort((a, b) => cmp(a.page.file, b.page.file) || cmp(a.variant, b.variant));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function fallbackMeta(start: string): RunMeta {
  return { docvalVersion: "unknown", blobVersion: 0, root: ".", startTime: start };
}

export function countVerdicts(results: VariantResult[]): Record<Verdict, number> {
  const counts = emptyCounts();
  for (const r of results) counts[r.verdict] += 1;
  return counts;
}

/** Verdicts that make a run red. */
export const FAILING: ReadonlySet<Verdict> = new Set<Verdict>(["failed", "error", "unexpected-pass"]);

/** Key that identifies a page variant across runs. */
export function variantKey(file: string, variant: string): string {
  return `${file}#${variant}`;
}
