/**
 * The console reporter. On an interactive terminal: one live progress line (pages done/total,
 * passed/failed, elapsed, current page). In CI or when piped: one line per page variant. Either way,
 * at the end: every failure in full, what changed since a previous run, and a summary line with
 * every verdict count.
 */
import type { Writable } from "node:stream";
import { formatDiagnostic, type Diagnostic } from "../core/diagnostic.js";
import type { Reporter } from "../core/events.js";
import type { VariantResult } from "../core/results.js";
import { emptyCounts } from "../core/verdict.js";
import { FAILING } from "./collect.js";
import {
  colorEnabled,
  formatCounts,
  formatDuration,
  formatStepFailure,
  paint,
  paintVerdict,
  problemSteps,
  variantLabel,
  variantMessage,
  VERDICT_SYMBOL,
  type Paint,
} from "./format.js";
import { compareWithPrevious, type History, type PreviousRun } from "./previous.js";

export interface ConsoleOptions {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  previous?: PreviousRun;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
}

export function consoleReporter(opts: ConsoleOptions): Reporter & { name: string } {
  const out = opts.stdout;
  const now = opts.now ?? Date.now;
  const live = Boolean(out.isTTY) && !truthy(opts.env.CI);
  const p = paint(colorEnabled(opts.env, out.isTTY));
  const results: VariantResult[] = [];
  const diagnostics: Diagnostic[] = [];
  let totalPages: number | undefined;
  let started = now();
  let current = "";
  let passed = 0;
  let failed = 0;
  let lineShown = false;

  const write = (s: string) => void out.write(s);
  const clearLine = () => {
    if (lineShown) write("\r\x1b[2K");
    lineShown = false;
  };
  const drawLine = () => {
    if (!live) return;
    const done = `${results.length}${totalPages !== undefined ? `/${totalPages}` : ""}`;
    const head = `[${done}] ${p.green(`${passed} passed`)} ${failed ? p.red(`${failed} failed`) : "0 failed"} ${p.dim(formatDuration(now() - started))}`;
    const width = (out.columns ?? 100) - visible(head).length - 2;
    const tail = width > 8 && current ? ` ${p.dim(clip(current, width))}` : "";
    write(`\r\x1b[2K${head}${tail}`);
    lineShown = true;
  };

  return {
    name: "console",
    onRunStart(e) {
      totalPages = e.meta.totalPages;
      started = Date.parse(e.meta.startTime) || now();
      const shard = e.meta.shard ? ` (shard ${e.meta.shard.index}/${e.meta.shard.total})` : "";
      const target = e.meta.target ? ` against ${e.meta.target.kind} gateway ${e.meta.target.version}` : "";
      // meta.totalPages counts page variants (a page runs once per deployment)
      write(`docval ${e.meta.docvalVersion}: ${totalPages ?? "?"} page variant${totalPages === 1 ? "" : "s"}${target}${shard}\n`);
    },
    onPageStart(e) {
      current = `${e.page.file}${e.variant ? ` [${e.variant}]` : ""}`;
      drawLine();
    },
    onPageEnd(e) {
      const r = e.result;
      results.push(r);
      if (r.verdict === "passed") passed += 1;
      if (FAILING.has(r.verdict)) failed += 1;
      if (!live || r.verdict !== "passed") {
        clearLine();
        write(`${pageLine(p, r)}\n`);
      }
      drawLine();
    },
    onDiagnostic(e) {
      diagnostics.push(e.diagnostic);
    },
    onRunEnd(e) {
      clearLine();
      const lines: string[] = [];
      const failures = results.filter((r) => FAILING.has(r.verdict));
      if (failures.length) {
        lines.push("", p.bold(p.red(`Failures (${failures.length}):`)));
        for (const r of failures) lines.push("", ...failureBlock(p, r));
      }
      const blocked = results.filter((r) => r.verdict === "blocked");
      if (blocked.length) {
        lines.push("", p.yellow(`Blocked (${blocked.length}): set these env variables to run them`));
        for (const r of blocked) lines.push(`  ${r.page.file} [${r.variant}]: ${r.missingEnv?.join(", ") || r.reason || "missing env"}`);
      }
      const unverified = results.filter((r) => r.verdict === "unverified");
      if (unverified.length) {
        lines.push("", p.yellow(`Unverified (${unverified.length}): the embedded gateway does not model something on the path`));
        for (const r of unverified) lines.push(`  ${r.page.file} [${r.variant}]: ${variantMessage(r) ?? ""}`);
      }
      if (diagnostics.length) {
        lines.push("", p.bold("Diagnostics:"));
        for (const d of diagnostics) lines.push(...formatDiagnostic(d).split("\n").map((l) => `  ${l}`));
      }
      if (opts.previous) lines.push("", ...historyLines(p, compareWithPrevious(opts.previous, results)));
      const counts = e.summary.counts ?? emptyCounts();
      const red = failingCount(counts) > 0;
      const summary = `${formatCounts(counts, e.summary.total)} in ${formatDuration(e.summary.durationMs)}`;
      lines.push("", red ? p.red(p.bold(summary)) : p.green(p.bold(summary)));
      if (e.summary.interrupted) lines.push(p.yellow("Interrupted: the pages not reached are not counted."));
      write(`${lines.join("\n")}\n`);
    },
  };
}

function failingCount(c: Record<string, number>): number {
  return (c.failed ?? 0) + (c.error ?? 0) + (c["unexpected-pass"] ?? 0);
}

function pageLine(p: Paint, r: VariantResult): string {
  const label = paintVerdict(p, r.verdict, `${VERDICT_SYMBOL[r.verdict]} ${r.verdict.padEnd(16)}`);
  const why = r.verdict === "passed" ? "" : p.dim(`  ${variantMessage(r) ?? ""}`);
  return `${label} ${r.page.file} [${r.variant}] ${p.dim(formatDuration(r.durationMs))}${why}`;
}

function failureBlock(p: Paint, r: VariantResult): string[] {
  const head = paintVerdict(p, r.verdict, `${VERDICT_SYMBOL[r.verdict]} ${r.verdict}: ${variantLabel(r)}`);
  const out = [head, p.dim(`  ${r.page.file}`)];
  if (r.verdict === "unexpected-pass") out.push(`  ${variantMessage(r) ?? ""}`);
  // e.g. "ran with placeholder values for DECK_XAI_API_KEY against the embedded provider doubles"
  if (r.reason && r.verdict !== "unexpected-pass") out.push(p.dim(`  note: ${r.reason}`));
  for (const s of problemSteps(r)) out.push(...formatStepFailure(s).map((l) => `    ${l}`), "");
  for (const d of r.diagnostics) out.push(...formatDiagnostic(d).split("\n").map((l) => `    ${l}`));
  return out;
}

function historyLines(p: Paint, h: History): string[] {
  const out = [p.bold("Since the previous run:")];
  const group = (title: string, items: History["fixed"], color: (s: string) => string) => {
    out.push(`  ${color(`${title}: ${items.length}`)}`);
    for (const i of items) out.push(`    ${i.file} [${i.variant}]`);
  };
  group("newly failing", h.newlyFailing, p.red);
  group("fixed", h.fixed, p.green);
  group("still failing", h.stillFailing, p.yellow);
  return out;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== "" && v !== "0" && v !== "false";
}

function visible(s: string): string {
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `…${s.slice(s.length - n + 1)}`;
}
