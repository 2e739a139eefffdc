/**
 * The JSON report: CTRF (https://ctrf.io) as DESIGN §3 describes, one test per page variant, and back.
 * `toCtrf` is what the json reporter writes; `fromCtrf` rebuilds the run from such a file alone, which
 * is what merge-reports and `--previous` read. Everything docval-specific lives under `extra`.
 */
import type { Diagnostic } from "../core/diagnostic.js";
import type { RunMeta, RunSummary, StepResult, VariantResult } from "../core/results.js";
import { VERDICTS, type Verdict } from "../core/verdict.js";
import { countVerdicts, type CollectedRun } from "./collect.js";
import { variantLabel, variantLocation, variantMessage } from "./format.js";

export type CtrfStatus = "passed" | "failed" | "skipped" | "pending" | "other";

export const CTRF_STATUS: Record<Verdict, CtrfStatus> = {
  passed: "passed",
  failed: "failed",
  error: "failed",
  "unexpected-pass": "failed",
  skipped: "skipped",
  blocked: "skipped",
  unverified: "other",
  "expected-failure": "other",
};

export interface CtrfTestExtra {
  verdict: Verdict;
  reason?: string;
  deployment: string;
  page: VariantResult["page"];
  steps: StepResult[];
  diagnostics: Diagnostic[];
  missingEnv?: string[];
  placeholderEnv?: string[];
  attempts?: number;
}

export interface CtrfTest {
  name: string;
  status: CtrfStatus;
  duration: number;
  message?: string;
  filePath: string;
  line?: number;
  suite?: string;
  tags?: string[];
  rawStatus: Verdict;
  retries?: number;
  flaky?: boolean;
  extra: CtrfTestExtra;
}

export interface CtrfReport {
  reportFormat: "CTRF";
  specVersion: string;
  results: {
    tool: { name: "docval"; version: string };
    summary: { tests: number; passed: number; failed: number; skipped: number; pending: number; other: number; start: number; stop: number };
    tests: CtrfTest[];
    environment?: Record<string, string>;
    extra: { docval: { meta: RunMeta; summary: RunSummary; diagnostics: Diagnostic[] } };
  };
}

export function toCtrf(run: CollectedRun): CtrfReport {
  const tests = run.results.map(toTest);
  const summary = { tests: tests.length, passed: 0, failed: 0, skipped: 0, pending: 0, other: 0, start: ms(run.summary.start), stop: ms(run.summary.stop) };
  for (const t of tests) summary[t.status] += 1;
  const environment: Record<string, string> = {};
  if (run.meta.target) {
    environment.target = run.meta.target.kind;
    environment.gatewayVersion = run.meta.target.version;
    environment.database = run.meta.target.database;
  }
  return {
    reportFormat: "CTRF",
    specVersion: "0.0.0",
    results: {
      tool: { name: "docval", version: run.meta.docvalVersion },
      summary,
      tests,
      ...(Object.keys(environment).length ? { environment } : {}),
      extra: { docval: { meta: run.meta, summary: run.summary, diagnostics: run.diagnostics } },
    },
  };
}

function toTest(r: VariantResult): CtrfTest {
  const where = variantLocation(r);
  const message = variantMessage(r);
  const extra: CtrfTestExtra = { verdict: r.verdict, deployment: r.variant, page: r.page, steps: r.steps, diagnostics: r.diagnostics };
  if (r.reason !== undefined) extra.reason = r.reason;
  if (r.missingEnv) extra.missingEnv = r.missingEnv;
  if (r.placeholderEnv) extra.placeholderEnv = r.placeholderEnv;
  if (r.attempts !== undefined) extra.attempts = r.attempts;
  const t: CtrfTest = {
    name: variantLabel(r),
    status: CTRF_STATUS[r.verdict],
    duration: Math.round(r.durationMs),
    filePath: where.file,
    suite: r.page.products[0] ?? "docs",
    tags: r.page.products,
    rawStatus: r.verdict,
    extra,
  };
  if (message !== undefined) t.message = message;
  if (where.line !== undefined) t.line = where.line;
  if (r.attempts !== undefined && r.attempts > 1) t.retries = r.attempts - 1;
  if (r.flaky) t.flaky = true;
  return t;
}

function ms(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
}

/** Why a file is not a docval CTRF report, or null when it is one. */
export function ctrfProblem(doc: unknown): string | null {
  if (!isObj(doc) || !isObj(doc.results)) return "no `results` object";
  const res = doc.results;
  if (!isObj(res.tool) || res.tool.name !== "docval") return "`results.tool.name` is not docval (only docval's own JSON reports carry the steps needed)";
  if (!Array.isArray(res.tests)) return "no `results.tests` array";
  for (const [i, t] of res.tests.entries()) {
    if (!isObj(t) || !isObj(t.extra) || !VERDICTS.includes(t.extra.verdict as Verdict) || !isObj(t.extra.page)) {
      return `results.tests[${i}] has no docval \`extra\` (verdict, page, steps)`;
    }
  }
  return null;
}

/** Rebuilds the run. Call `ctrfProblem` first; this trusts the shape. */
export function fromCtrf(doc: CtrfReport): CollectedRun {
  const res = doc.results;
  const results: VariantResult[] = res.tests.map((t) => {
    const x = t.extra;
    const r: VariantResult = {
      page: x.page,
      variant: x.deployment,
      verdict: x.verdict,
      durationMs: t.duration,
      steps: x.steps ?? [],
      diagnostics: x.diagnostics ?? [],
    };
    if (x.reason !== undefined) r.reason = x.reason;
    if (x.missingEnv) r.missingEnv = x.missingEnv;
    if (x.placeholderEnv) r.placeholderEnv = x.placeholderEnv;
    if (x.attempts !== undefined) r.attempts = x.attempts;
    if (t.flaky) r.flaky = true;
    return r;
  });
  const docval = res.extra?.docval;
  const start = new Date(res.summary?.start ?? 0).toISOString();
  const stop = new Date(res.summary?.stop ?? 0).toISOString();
  const meta: RunMeta = docval?.meta ?? { docvalVersion: res.tool.version, blobVersion: 0, root: ".", startTime: start };
  const summary: RunSummary = docval?.summary ?? { counts: countVerdicts(results), total: results.length, start, stop, durationMs: Math.max(0, Date.parse(stop) - Date.parse(start)) };
  return { meta, results, diagnostics: docval?.diagnostics ?? [], summary };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
