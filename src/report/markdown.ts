/**
 * The markdown reporter: a compact summary for pull requests and GitHub's job summary. One table per
 * verdict, failures first, each failure's details folded. When GITHUB_STEP_SUMMARY is set the summary
 * is appended there as well, kept under GitHub's 1 MiB limit (GitHub rejects, not truncates, a larger
 * summary), with a note saying how much was left out.
 */
import { statSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import type { Reporter } from "../core/events.js";
import type { VariantResult } from "../core/results.js";
import type { Verdict } from "../core/verdict.js";
import { VERDICTS } from "../core/verdict.js";
import { collecting, FAILING, type CollectedRun } from "./collect.js";
import { formatDuration, formatStepFailure, problemSteps, sourceUrl, VERDICT_ORDER, variantLocation, variantMessage } from "./format.js";
import { deliver, type Destination } from "./output.js";
import { compareWithPrevious, type PreviousRun } from "./previous.js";

const COVERAGE_COLUMNS = ["tested", "skipped", "unsupported", "no-validation", "error"];

/** GitHub's limit per step summary. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

export interface MarkdownOptions {
  dest: Destination;
  env: NodeJS.ProcessEnv;
  sourceBaseUrl?: string;
  previous?: PreviousRun;
  /** Byte budget; defaults to what is left of GitHub's 1 MiB, less a margin. */
  maxBytes?: number;
}

export function markdownReporter(opts: MarkdownOptions): Reporter {
  return collecting("markdown", async (run) => {
    const summaryFile = opts.env.GITHUB_STEP_SUMMARY;
    const used = summaryFile ? sizeOf(summaryFile) : 0;
    const budget = opts.maxBytes ?? STEP_SUMMARY_LIMIT - used - 4096;
    const text = toMarkdown(run, { sourceBaseUrl: opts.sourceBaseUrl, previous: opts.previous, maxBytes: budget });
    await deliver(opts.dest, text);
    if (summaryFile) await appendFile(summaryFile, `${text}\n`, "utf8");
  });
}

const TITLE: Record<Verdict, string> = {
  failed: "Failed",
  error: "Errors",
  "unexpected-pass": "Unexpected passes",
  blocked: "Blocked (missing env)",
  unverified: "Unverified",
  "expected-failure": "Expected failures",
  skipped: "Skipped",
  passed: "Passed",
};

const ICON: Record<Verdict, string> = {
  passed: "✅",
  failed: "❌",
  error: "💥",
  "unexpected-pass": "❗",
  blocked: "⛔",
  unverified: "❔",
  "expected-failure": "☑️",
  skipped: "⏭️",
};

export function toMarkdown(run: CollectedRun, opts: { sourceBaseUrl?: string; previous?: PreviousRun; maxBytes?: number }): string {
  const budget = new Budget(opts.maxBytes ?? STEP_SUMMARY_LIMIT - 4096);
  const counts = run.summary.counts;
  const failing = run.results.filter((r) => FAILING.has(r.verdict)).length;
  const headline = failing ? `❌ ${failing} failing of ${run.summary.total}` : `✅ no failures in ${run.summary.total}`;
  budget.force(`## docval: ${headline} page variants`, "");
  budget.force(`| ${VERDICTS.map((v) => `${ICON[v]} ${v}`).join(" | ")} | duration |`, `|${VERDICTS.map(() => "---:").join("|")}|---:|`);
  budget.force(`| ${VERDICTS.map((v) => String(counts[v] ?? 0)).join(" | ")} | ${formatDuration(run.summary.durationMs)} |`, "");
  if (run.summary.interrupted) budget.force("> ⚠️ The run was interrupted; pages not reached are not counted.", "");

  if (opts.previous) {
    const h = compareWithPrevious(opts.previous, run.results);
    budget.force("### Since the previous run", "");
    for (const [title, items] of [["Newly failing", h.newlyFailing], ["Fixed", h.fixed], ["Still failing", h.stillFailing]] as const) {
      budget.add(`- **${title}** (${items.length})${items.length ? ": " : ""}${items.map((i) => `\`${cell(i.file)}\` [${i.variant}]`).join(", ")}`);
    }
    budget.add("");
  }

  for (const v of VERDICT_ORDER) {
    const rows = run.results.filter((r) => r.verdict === v);
    if (!rows.length) continue;
    budget.add(`### ${ICON[v]} ${TITLE[v]} (${rows.length})`, "", "| Page | Variant | Where | Why |", "|---|---|---|---|");
    for (const r of rows) budget.add(row(r, opts.sourceBaseUrl));
    budget.add("");
    if (FAILING.has(v)) for (const r of rows) budget.add(...details(r));
  }
  for (const d of run.diagnostics) budget.add(`> ${cell(d.message)} \`${d.code}\``);
  const cov = run.meta.coverage;
  if (cov) {
    const cols = COVERAGE_COLUMNS.filter((c) => (cov.totals[c] ?? 0) > 0 || c === "tested");
    budget.add("", "### Docs coverage", "", `| product | pages | ${cols.join(" | ")} |`, `|---|---:|${cols.map(() => "---:").join("|")}|`);
    for (const [product, row] of Object.entries(cov.byProduct).sort()) {
      budget.add(`| ${cell(product)} | ${row.pages ?? 0} | ${cols.map((c) => String(row[c] ?? 0)).join(" | ")} |`);
    }
    const pct = cov.totals.pages ? Math.round((100 * (cov.totals.tested ?? 0)) / cov.totals.pages) : 0;
    budget.add("", `${cov.totals.tested ?? 0} of ${cov.totals.pages ?? 0} pages (${pct}%) have checks docval runs; \`docval coverage\` lists the others and why.`, "");
  }
  return budget.finish();
}

function row(r: VariantResult, base?: string): string {
  const where = variantLocation(r);
  const pos = `${where.file}${where.line !== undefined ? `:${where.line}` : ""}`;
  const link = base ? `[\`${cell(pos)}\`](${sourceUrl(base, where.file, where.line)})` : `\`${cell(pos)}\``;
  return `| ${cell(r.page.title)} | ${cell(r.variant)} | ${link} | ${cell(variantMessage(r) ?? "")} |`;
}

function details(r: VariantResult): string[] {
  const body = problemSteps(r).flatMap((s) => [...formatStepFailure(s, { excerptChars: 400 }), ""]);
  if (!body.length) return [];
  const fence = body.some((l) => l.includes("```")) ? "~~~~" : "```";
  return [`<details><summary>${html(r.page.title)} [${html(r.variant)}]</summary>`, "", fence, ...body, fence, "", "</details>", ""];
}

function cell(s: string): string {
  return s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function html(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Accumulates lines until a byte budget is spent, then records how much was left out. */
class Budget {
  private lines: string[] = [];
  private bytes = 0;
  private omitted = 0;
  constructor(private readonly max: number) {}

  force(...lines: string[]): void {
    for (const l of lines) {
      this.lines.push(l);
      this.bytes += Buffer.byteLength(l) + 1;
    }
  }

  /** Adds all the lines or none; false once the budget is spent. */
  add(...lines: string[]): boolean {
    const size = lines.reduce((s, l) => s + Buffer.byteLength(l) + 1, 0);
    if (this.omitted || this.bytes + size > this.max - 400) {
      if (lines.some((l) => l !== "")) this.omitted += 1;
      return false;
    }
    this.force(...lines);
    return true;
  }

  finish(): string {
    if (this.omitted) {
      this.lines.push("", `> ✂️ Truncated to stay under GitHub's ${Math.round(STEP_SUMMARY_LIMIT / 1024)} KiB summary limit: ${this.omitted} more entr${this.omitted === 1 ? "y" : "ies"} not shown. The JSON and HTML reports have everything.`);
    }
    return `${this.lines.join("\n")}\n`;
  }
}
