/**
 * Merging shard results: read blobs and/or docval JSON reports, check they form one whole run (one blob
 * version, every shard 1..n present once), and turn them into one ordered event stream that is replayed
 * through the ordinary hub, so every reporter behaves as on a live run (Vitest's mergeReports,
 * Playwright's merge). The merged run-end carries the totals and exit code the unsharded run would have.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { EventSink, RunEvent } from "../core/events.js";
import type { RunMeta, RunSummary, VariantResult } from "../core/results.js";
import type { Verdict } from "../core/verdict.js";
import { BLOB_VERSION, parseBlob } from "./blob.js";
import { countVerdicts, type CollectedRun } from "./collect.js";
import { ctrfProblem, fromCtrf, type CtrfReport } from "./ctrf.js";
import { runFromEvents } from "./previous.js";

export interface MergeInput {
  file: string;
  kind: "blob" | "json";
  shard: { index: number; total: number } | null;
  /** The input's own events (blob) or events rebuilt from the JSON report. */
  events: RunEvent[];
}

/** Finds inputs: files as given, folders searched recursively for *.jsonl blobs and *.json reports. */
export async function readMergeInputs(paths: string[], cwd: string): Promise<{ inputs: MergeInput[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const files: { file: string; explicit: boolean }[] = [];
  if (paths.length === 0) {
    return { inputs: [], diagnostics: [diag("report/no-inputs", "usage", "merge-reports needs a folder or files to merge", { hint: "docval merge-reports all-blobs/" })] };
  }
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : join(cwd, p);
    const st = await stat(abs).catch(() => undefined);
    if (!st) diagnostics.push(diag("report/input-missing", "usage", `${p} does not exist`, { hint: "Give the folder the shard artifacts were downloaded into." }));
    else if (st.isDirectory()) for (const f of await walk(abs)) files.push({ file: f, explicit: false });
    else files.push({ file: abs, explicit: true });
  }
  const texts = await Promise.all(files.map(async (f) => ({ ...f, text: await readFile(f.file, "utf8").catch(() => undefined) })));

  // Mixed versions are named as such before any one file is refused for its version.
  const versions = new Map<string, number>();
  for (const f of texts) if (f.file.endsWith(".jsonl") && f.text) {
    const v = headerVersion(f.text);
    if (v !== undefined) versions.set(f.file, v);
  }
  if (new Set(versions.values()).size > 1) {
    const list = [...versions].map(([f, v]) => `${f} (v${v})`).join(", ");
    return { inputs: [], diagnostics: [diag("report/mixed-blob-versions", "usage", `Blobs of different format versions cannot be merged: ${list}`, { hint: `Re-run all shards with the same docval version (this one reads blob format ${BLOB_VERSION}).` })] };
  }

  const inputs: MergeInput[] = [];
  for (const f of texts) {
    if (f.text === undefined) {
      diagnostics.push(diag("report/input-unreadable", "usage", `cannot read ${f.file}`));
      continue;
    }
    if (f.file.endsWith(".jsonl")) {
      const { blob, diagnostics: d } = parseBlob(f.file, f.text);
      diagnostics.push(...d);
      if (blob) inputs.push({ file: f.file, kind: "blob", shard: blob.header.shard, events: blob.events });
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(f.text);
    } catch {
      if (f.explicit) diagnostics.push(diag("report/input-invalid", "usage", `${f.file} is not JSON; expected a docval blob (.jsonl) or JSON report`));
      continue;
    }
    const problem = ctrfProblem(doc);
    if (problem) {
      // Folders may hold other JSON (artifact metadata); only files named on the command line must be reports.
      if (f.explicit) diagnostics.push(diag("report/input-invalid", "usage", `${f.file} is not a docval JSON report: ${problem}`));
      continue;
    }
    const run = fromCtrf(doc as CtrfReport);
    inputs.push({ file: f.file, kind: "json", shard: run.meta.shard ?? null, events: eventsOf(run) });
  }
  if (!diagnostics.length && !inputs.length) {
    diagnostics.push(diag("report/no-inputs", "usage", `No docval blobs (*.jsonl) or JSON reports found in ${paths.join(", ")}`, { hint: "Shards write blobs with --reporter blob; download every shard's artifact into one folder." }));
  }
  return { inputs: diagnostics.length ? [] : inputs, diagnostics };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.name.endsWith(".jsonl") || e.name.endsWith(".json")) out.push(p);
  }
  return out.sort();
}

function headerVersion(text: string): number | undefined {
  try {
    const h = JSON.parse(text.slice(0, text.indexOf("\n") >>> 0)) as { docvalBlob?: unknown };
    return typeof h.docvalBlob === "number" ? h.docvalBlob : undefined;
  } catch {
    return undefined;
  }
}

/** The events a JSON report stands for, as the runner would have emitted them. */
export function eventsOf(run: CollectedRun): RunEvent[] {
  const events: RunEvent[] = [{ type: "run-start", meta: run.meta }];
  for (const r of run.results) {
    events.push({ type: "page-start", page: r.page, variant: r.variant });
    for (const step of r.steps) events.push({ type: "step-end", page: r.page, variant: r.variant, step });
    events.push({ type: "page-end", result: r });
  }
  for (const d of run.diagnostics) events.push({ type: "diagnostic", diagnostic: d });
  events.push({ type: "run-end", summary: run.summary });
  return events;
}

/**
 * Checks the inputs form one run and builds its event stream. A blob and a JSON report of the same
 * shard are one result twice: the blob wins.
 */
export function mergeEvents(inputs: MergeInput[], exitCode: (o: MergedOutcome) => number): { events: RunEvent[]; diagnostics: Diagnostic[]; outcome?: MergedOutcome } {
  const byShard = new Map<string, MergeInput>();
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    const key = input.shard ? `${input.shard.index}/${input.shard.total}` : "unsharded";
    const prev = byShard.get(key);
    if (!prev) byShard.set(key, input);
    else if (prev.kind === input.kind) {
      diagnostics.push(diag("report/duplicate-shard", "usage", `${key === "unsharded" ? "Two unsharded runs" : `Shard ${key} appears twice`}: ${prev.file} and ${input.file}`, { hint: "Merge the results of one run only; clear the folder between runs." }));
    } else if (input.kind === "blob") byShard.set(key, input);
  }
  const chosen = [...byShard.values()];
  const sharded = chosen.filter((i) => i.shard);
  if (sharded.length && sharded.length !== chosen.length) {
    diagnostics.push(diag("report/mixed-shards", "usage", `Sharded and unsharded results cannot be merged: ${chosen.filter((i) => !i.shard).map((i) => i.file).join(", ")} is unsharded`));
  }
  const totals = new Set(sharded.map((i) => i.shard!.total));
  if (totals.size > 1) {
    diagnostics.push(diag("report/shard-count-mismatch", "usage", `The inputs come from runs split ${[...totals].join(" and ")} ways`, { hint: "Merge the shards of one run (same --shard i/N)." }));
  } else if (totals.size === 1) {
    const n = [...totals][0];
    const have = new Set(sharded.map((i) => i.shard!.index));
    const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !have.has(i));
    if (missing.length) {
      diagnostics.push(diag("report/missing-shard", "usage", `Shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${n}`).join(", ")} missing (found ${[...have].sort((a, b) => a - b).map((i) => `${i}/${n}`).join(", ")})`, { hint: "A merged report without every shard would under-count; make sure each shard job uploaded its blob." }));
    }
  }
  if (diagnostics.length) return { events: [], diagnostics };

  chosen.sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
  const runs = chosen.map((i) => ({ input: i, run: runFromEvents(i.events) }));
  const first = runs[0].run.meta;
  const starts = runs.map((r) => Date.parse(r.run.summary.start || r.run.meta.startTime)).filter(Number.isFinite);
  const stops = runs.map((r) => Date.parse(r.run.summary.stop)).filter(Number.isFinite);
  const start = new Date(starts.length ? Math.min(...starts) : 0).toISOString();
  const stop = new Date(stops.length ? Math.max(...stops) : 0).toISOString();
  const totalPages = runs.every((r) => r.run.meta.totalPages !== undefined) ? runs.reduce((s, r) => s + (r.run.meta.totalPages ?? 0), 0) : undefined;
  const { shard: _shard, ...rest } = first;
  const meta: RunMeta = { ...rest, startTime: start, ...(totalPages !== undefined ? { totalPages } : {}) };

  const events: RunEvent[] = [{ type: "run-start", meta }];
  const results: VariantResult[] = [];
  for (const { input } of runs) {
    for (const e of input.events) {
      if (e.type === "run-start" || e.type === "run-end") continue;
      if (e.type === "page-end") results.push(e.result);
      events.push(e);
    }
  }
  const summaries = runs.map((r) => r.run.summary);
  const counts = countVerdicts(results);
  const summary: RunSummary = {
    counts,
    total: results.length,
    start,
    stop,
    durationMs: Math.max(0, Date.parse(stop) - Date.parse(start)),
  };
  const outcome = outcomeOf(counts, summaries);
  if (outcome.interrupted) summary.interrupted = true;
  summary.exitCode = exitCode(outcome);
  events.push({ type: "run-end", summary });
  return { events, diagnostics: [], outcome };
}

/** What the shards recorded, in the terms of cli/exit.ts's ExitInputs (report/ may not import cli/). */
export interface MergedOutcome {
  interrupted: boolean;
  usageOrConfigError: boolean;
  targetBroke: boolean;
  anyFailed: boolean;
}

/** A shard's own exit code counts too: an expired expected failure fails a run without a failing verdict. */
export function outcomeOf(counts: Record<Verdict, number>, shards: readonly RunSummary[]): MergedOutcome {
  return {
    interrupted: shards.some((s) => s.interrupted || s.exitCode === 130),
    usageOrConfigError: shards.some((s) => s.exitCode === 2),
    targetBroke: shards.some((s) => s.exitCode === 3),
    anyFailed: counts.failed + counts.error + counts["unexpected-pass"] > 0 || shards.some((s) => s.exitCode === 1),
  };
}

/** Replays a merged stream into a sink (the hub). */
export async function replay(events: RunEvent[], sink: EventSink): Promise<void> {
  for (const e of events) await sink.emit(e);
}
