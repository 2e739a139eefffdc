/**
 * `runPlan`: the plan's pages, run on a target, reported as events.
 *
 * In: a Plan, a Target (embedded or real), an EventSink (the report hub) and options. Out: the run
 * summary and every variant result. Pages are selected by shard, spread over `workers` (each with its
 * own gateway), retried when asked, mapped through expected failures, and reported as they finish.
 * Ctrl-C (the abort signal) stops dispatching, lets the running variants end their current step, resets
 * what they created, and still reports what ran.
 */
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { EventSink } from "../core/events.js";
import type { Redactor } from "../core/redact.js";
import type { RunMeta, RunSummary, VariantResult } from "../core/results.js";
import type { Page, Plan, Variant } from "../plan/model.js";
import { realClock, type Clock } from "../checks/index.js";
import type { EnvSources } from "./env.js";
import { applyExpected, type ExpectedFailure } from "./expected-failures.js";
import { gate, pageRef, runVariant, type PhaseTimes } from "./page.js";
import { shardFiles, type Shard } from "./shard.js";
import { capacity, closeGateway, openGateway, type OpenGateway, type Target } from "./target.js";
import { countVerdicts, exitFacts, type ExitFacts } from "./verdict.js";

export type { Target } from "./target.js";

export interface RunOptions {
  workers: number;
  shard?: Shard;
  /** Per-page durations of a previous run (page file → ms), for balanced shards. */
  previousDurations?: ReadonlyMap<string, number>;
  bail?: boolean;
  retries?: number;
  expectedFailures?: readonly ExpectedFailure[];
  envFile?: Record<string, string>;
  processEnv?: Record<string, string | undefined>;
  publicNames?: readonly string[];
  redactor: Redactor;
  placeholder?: (name: string) => string | undefined;
  allowShell?: boolean;
  resetAll?: boolean;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Per page variant (default 120 s). */
  pageTimeoutMs?: number;
  /** How long the sync barrier waits for the proxy (default 10 s). */
  barrierTimeoutMs?: number;
  /** Deployments to run (default on-prem). */
  deployments?: readonly string[];
  signal?: AbortSignal;
  clock?: Clock;
  /** Absolute folder of files referenced by `form` fields (the checkout's `app/_includes/_files`). */
  filesDir?: string;
  docvalVersion?: string;
  blobVersion?: number;
  /** Maps the run's facts to an exit code (cli/exit.ts `exitCode`); stored in the run-end summary. */
  exitCode?: (facts: ExitFacts) => number;
  /** Today as YYYY-MM-DD (expected-failure expiry); injectable for tests. */
  today?: string;
  /** Coverage of the planned pages, passed through to the reports. */
  coverage?: RunMeta["coverage"];
}

export interface RunOutcome extends RunSummary {
  results: VariantResult[];
  diagnostics: Diagnostic[];
  facts: ExitFacts;
  /** Harness time per variant that ran, excluding the page's own sleeps (for bench/run.ts). */
  overheadMs: number[];
  /** Per variant that ran, in the order of `overheadMs`: the harness time by phase. */
  phases: PhaseTimes[];
}

interface Item {
  page: Page;
  variant: Variant;
}

export async function runPlan(plan: Plan, target: Target, sink: EventSink, options: RunOptions): Promise<RunOutcome> {
  const startWall = new Date();
  const t0 = performance.now();
  const signal = options.signal ?? new AbortController().signal;
  const diagnostics: Diagnostic[] = [];
  const results: VariantResult[] = [];
  const overheadMs: number[] = [];
  const phases: PhaseTimes[] = [];

  let pages = plan.pages;
  if (options.shard) {
    const mine = new Set(shardFiles(pages.map((p) => p.file), options.shard, options.previousDurations));
    pages = pages.filter((p) => mine.has(p.file));
  }
  const items: Item[] = pages.flatMap((page) =>
    page.variants.length ? page.variants.map((variant) => ({ page, variant })) : [{ page, variant: { deployment: "on-prem" as const, steps: [] } }],
  );

  const workers = Math.max(1, capacity(target, Math.max(1, options.workers)));
  const opened = await Promise.all(
    Array.from({ length: workers }, (_, slot) => openGateway(target, slot, { resetAll: !!options.resetAll, timeoutMs: options.timeoutMs ?? 10_000, signal })),
  );
  const gateways = opened.flatMap((o) => (o.gateway ? [o.gateway] : []));
  const openProblems = opened.flatMap((o) => o.diagnostics);

  const first = gateways[0];
  const meta: RunMeta = {
    docvalVersion: options.docvalVersion ?? "0.0.0",
    blobVersion: options.blobVersion ?? 1,
    root: plan.root,
    startTime: startWall.toISOString(),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(first
      ? {
          target: {
            kind: first.embedded ? "embedded" : "remote",
            version: first.info.version,
            database: first.info.dbless ? "off" : "postgres",
            ...(first.embedded ? {} : { adminUrl: first.adminUrl }),
          },
        }
      : {}),
    totalPages: items.length,
    ...(options.coverage ? { coverage: options.coverage } : {}),
  };
  await sink.emit({ type: "run-start", meta });

  if (openProblems.length || gateways.length === 0) {
    for (const d of openProblems) {
      diagnostics.push(d);
      await sink.emit({ type: "diagnostic", diagnostic: d });
    }
    await Promise.all(gateways.map((g) => closeGateway(g)));
    return finish(true);
  }

  const envBase: Omit<EnvSources, "placeholder"> = {
    envFile: options.envFile ?? {},
    process: options.processEnv ?? {},
    public: new Set(options.publicNames ?? []),
    redactor: options.redactor,
  };
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  let next = 0;
  let stop = false;

  const work = async (gw: OpenGateway): Promise<void> => {
    while (!stop && !signal.aborted && next < items.length) {
      const item = items[next++];
      const r = await runItem(item, gw).catch((err: unknown) => crashed(item, err));
      const final = applyExpected(r, options.expectedFailures ?? [], today);
      results.push(final);
      for (const step of final.steps) await sink.emit({ type: "step-end", page: final.page, variant: final.variant, step });
      await sink.emit({ type: "page-end", result: final });
      if (options.bail && (final.verdict === "failed" || final.verdict === "error" || final.verdict === "unexpected-pass")) stop = true;
      for (const d of final.diagnostics) if (d.kind === "target") diagnostics.push(d);
    }
  };

  /** A throw while running one page is a bug in docval: that page ends `error`, the other workers go on. */
  const crashed = (item: Item, err: unknown): VariantResult => {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    const d = diag("harness/crash", "harness", `docval failed while running this page (a bug in docval): ${detail}`, { source: { file: item.page.file, line: 1 } });
    const message = err instanceof Error ? err.message : String(err);
    return { page: pageRef(item.page), variant: item.variant.deployment, verdict: "error", reason: `docval failed while running this page (a bug in docval): ${message}`, durationMs: 0, steps: [], diagnostics: [d] };
  };

  const runItem = async (item: Item, gw: OpenGateway): Promise<VariantResult> => {
    const { page, variant } = item;
    await sink.emit({ type: "page-start", page: pageRef(page), variant: variant.deployment });
    const gated = gate(page, variant, { gw, deployments: options.deployments ?? ["on-prem"] });
    if (gated) return gated;
    const attempts = 1 + Math.max(0, options.retries ?? 0);
    let last: VariantResult | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const run = await runVariant(page, variant, {
        gw,
        env: { ...envBase, placeholder: options.placeholder },
        allowShell: !!options.allowShell,
        timeoutMs: options.timeoutMs ?? 10_000,
        pageTimeoutMs: options.pageTimeoutMs ?? 120_000,
        barrierTimeoutMs: options.barrierTimeoutMs ?? 10_000,
        signal,
        clock: options.clock ?? realClock,
        root: plan.root,
        filesDir: options.filesDir ?? plan.root,
        deployments: options.deployments ?? ["on-prem"],
      });
      overheadMs.push(Math.max(0, run.elapsedMs - run.sleptMs));
      phases.push(run.phases);
      last = { ...run.result, attempts: attempt };
      const retryable = last.verdict === "failed" || last.verdict === "error";
      if (!retryable || signal.aborted) break;
    }
    const r = last as VariantResult;
    if (r.attempts && r.attempts > 1 && r.verdict === "passed") return { ...r, flaky: true, reason: `passed on attempt ${r.attempts} of ${attempts} (flaky)` };
    return r;
  };

  try {
    await Promise.all(gateways.map((gw) => work(gw)));
  } catch (err) {
    // A throw here is a bug in docval; report it as such rather than losing the run.
    const d = diag("harness/crash", "harness", `docval failed while running pages: ${(err as Error).stack ?? String(err)}`);
    diagnostics.push(d);
    await sink.emit({ type: "diagnostic", diagnostic: d });
  }
  await Promise.all(gateways.map((g) => closeGateway(g).catch(() => undefined)));
  return finish(false);

  async function finish(targetBroke: boolean): Promise<RunOutcome> {
    const interrupted = signal.aborted;
    const verdicts = results.map((r) => r.verdict);
    const expired = results.some((r) => r.verdict === "failed" && /expected failure expired/.test(r.reason ?? ""));
    const facts = exitFacts(verdicts, diagnostics, interrupted);
    if (targetBroke && !facts.usageOrConfigError) facts.targetBroke = true;
    if (expired) facts.anyFailed = true;
    if (diagnostics.some((d) => d.kind === "harness")) facts.anyFailed = true;
    const stopWall = new Date();
    const summary: RunSummary = {
      counts: countVerdicts(verdicts),
      total: results.length,
      start: startWall.toISOString(),
      stop: stopWall.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      ...(interrupted ? { interrupted: true } : {}),
      ...(options.exitCode ? { exitCode: options.exitCode(facts) } : {}),
    };
    await sink.emit({ type: "run-end", summary });
    return { ...summary, results, diagnostics, facts, overheadMs, phases };
  }
}
