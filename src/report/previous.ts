/**
 * A previous run, read from its JSON report (or a blob): per-variant verdicts for "what changed since
 * then", and per-page durations for the runner's shard balancing.
 */
import { readFileSync } from "node:fs";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { RunEvent } from "../core/events.js";
import type { VariantResult } from "../core/results.js";
import { emptyCounts, type Verdict } from "../core/verdict.js";
import { parseBlob } from "./blob.js";
import { FAILING, variantKey, type CollectedRun } from "./collect.js";
import { ctrfProblem, fromCtrf, type CtrfReport } from "./ctrf.js";

export interface PreviousRun {
  /** variantKey(file, variant) → verdict and duration. */
  variants: Map<string, { verdict: Verdict; durationMs: number; label: string }>;
}

export interface HistoryEntry {
  key: string;
  file: string;
  variant: string;
  label: string;
}

export interface History {
  newlyFailing: HistoryEntry[];
  fixed: HistoryEntry[];
  stillFailing: HistoryEntry[];
}

/** Reads a docval JSON report or blob into a CollectedRun; never throws. */
export function readRunFile(path: string): { run?: CollectedRun; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { diagnostics: [diag("report/previous-unreadable", "usage", `cannot read ${path}: ${(err as Error).message}`)] };
  }
  if (path.endsWith(".jsonl")) {
    const { blob, diagnostics } = parseBlob(path, text);
    if (!blob) return { diagnostics };
    return { run: runFromEvents(blob.events), diagnostics };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { diagnostics: [diag("report/previous-invalid", "usage", `${path} is not JSON; expected a docval JSON report (--reporter json)`)] };
  }
  const problem = ctrfProblem(doc);
  if (problem) return { diagnostics: [diag("report/previous-invalid", "usage", `${path} is not a docval JSON report: ${problem}`)] };
  return { run: fromCtrf(doc as CtrfReport), diagnostics: [] };
}

/** The run an event log describes (results in log order). */
export function runFromEvents(events: readonly RunEvent[]): CollectedRun {
  const results: VariantResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const run: Partial<CollectedRun> = {};
  for (const e of events) {
    if (e.type === "run-start") run.meta = e.meta;
    else if (e.type === "page-end") results.push(e.result);
    else if (e.type === "diagnostic") diagnostics.push(e.diagnostic);
    else if (e.type === "run-end") run.summary = e.summary;
  }
  const start = run.summary?.start ?? new Date(0).toISOString();
  return {
    meta: run.meta ?? { docvalVersion: "unknown", blobVersion: 0, root: ".", startTime: start },
    results,
    diagnostics,
    summary: run.summary ?? { counts: emptyCounts(), total: results.length, start, stop: start, durationMs: 0 },
  };
}

export function loadPrevious(path: string): { previous?: PreviousRun; diagnostics: Diagnostic[] } {
  const { run, diagnostics } = readRunFile(path);
  if (!run) return { diagnostics };
  const variants: PreviousRun["variants"] = new Map();
  for (const r of run.results) {
    variants.set(variantKey(r.page.file, r.variant), { verdict: r.verdict, durationMs: r.durationMs, label: `${r.page.title}${r.variant ? ` [${r.variant}]` : ""}` });
  }
  return { previous: { variants }, diagnostics };
}

/**
 * Per-page durations (ms, all variants summed) keyed by the page file relative to the checkout root,
 * for balancing shards. An unreadable file gives an empty map: the runner then shards by hash.
 */
export function readPreviousDurations(path: string): Map<string, number> {
  const out = new Map<string, number>();
  const { run } = readRunFile(path);
  for (const r of run?.results ?? []) out.set(r.page.file, (out.get(r.page.file) ?? 0) + r.durationMs);
  return out;
}

/** Compares this run with the previous one, keyed by page file + variant. */
export function compareWithPrevious(previous: PreviousRun, results: readonly VariantResult[]): History {
  const h: History = { newlyFailing: [], fixed: [], stillFailing: [] };
  for (const r of results) {
    const key = variantKey(r.page.file, r.variant);
    const entry: HistoryEntry = { key, file: r.page.file, variant: r.variant, label: `${r.page.title}${r.variant ? ` [${r.variant}]` : ""}` };
    const before = previous.variants.get(key);
    const wasFailing = before !== undefined && FAILING.has(before.verdict);
    const isFailing = FAILING.has(r.verdict);
    if (isFailing && wasFailing) h.stillFailing.push(entry);
    else if (isFailing) h.newlyFailing.push(entry);
    else if (wasFailing && r.verdict === "passed") h.fixed.push(entry);
  }
  return h;
}
