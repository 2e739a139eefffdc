/**
 * Plain formatting functions shared by the text reporters (console, markdown, github). No state,
 * no inheritance: each reporter composes what it needs (STYLE §2, "avoid the fat base class").
 */
import { formatPos } from "../core/source.js";
import type { HttpExchange, StepResult, VariantResult } from "../core/results.js";
import { VERDICTS, type Verdict } from "../core/verdict.js";

/** Order in which verdict groups are shown: what needs attention first. */
export const VERDICT_ORDER: readonly Verdict[] = [
  "failed",
  "error",
  "unexpected-pass",
  "blocked",
  "unverified",
  "expected-failure",
  "skipped",
  "passed",
];

export const VERDICT_SYMBOL: Record<Verdict, string> = {
  passed: "✓",
  failed: "✗",
  error: "!",
  skipped: "-",
  blocked: "○",
  unverified: "?",
  "expected-failure": "✓",
  "unexpected-pass": "✗",
};

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "0ms";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m}m${String(s).padStart(2, "0")}s`;
}

/** "12 variants: 8 passed, 1 failed, 0 error, …" — every verdict, zeros included, in a fixed order. */
export function formatCounts(counts: Record<Verdict, number>, total?: number): string {
  const n = total ?? VERDICTS.reduce((s, v) => s + counts[v], 0);
  return `${n} variant${n === 1 ? "" : "s"}: ${VERDICTS.map((v) => `${counts[v]} ${v}`).join(", ")}`;
}

/** The label a person reads for one variant: title, and the deployment when there is one. */
export function variantLabel(r: Pick<VariantResult, "page" | "variant">): string {
  return r.variant ? `${r.page.title} [${r.variant}]` : r.page.title;
}

/** Steps that explain a non-passing variant, in page order. */
export function problemSteps(r: VariantResult): StepResult[] {
  const bad = r.steps.filter((s) => s.verdict === "failed" || s.verdict === "error");
  if (bad.length) return bad;
  if (r.verdict === "unverified") return r.steps.filter((s) => s.verdict === "unverified");
  return [];
}

/** The one line that says why a variant is not green. */
export function variantMessage(r: VariantResult): string | undefined {
  if (r.verdict === "passed") return undefined;
  const step = problemSteps(r)[0];
  const stepMsg = step?.message ?? step?.diagnostics?.[0]?.message;
  if (r.verdict === "unexpected-pass") return r.reason ? `passed, but expected to fail: ${r.reason}` : "passed, but expected to fail";
  if (r.verdict === "expected-failure") return r.reason ? `failed as expected: ${r.reason}` : stepMsg;
  if (stepMsg) return stepMsg;
  if (r.reason) return r.reason;
  if (r.missingEnv?.length) return `missing env: ${r.missingEnv.join(", ")}`;
  return r.diagnostics[0]?.message;
}

/** Where a variant points a reader: its first problem step, else the page file. */
export function variantLocation(r: VariantResult): { file: string; line?: number } {
  const step = problemSteps(r)[0];
  if (step) return { file: step.source.file, line: step.source.line };
  const d = r.diagnostics.find((x) => x.source);
  if (d?.source) return { file: d.source.file, line: d.source.line };
  return { file: r.page.file };
}

export function formatRequest(ex: HttpExchange): string[] {
  const q = ex.request;
  const lines = [`${q.method} ${q.url}`];
  for (const [k, v] of Object.entries(q.headers)) lines.push(`${k}: ${v}`);
  if (q.body !== undefined && q.body !== "") lines.push("", q.body);
  return lines;
}

export function formatExpectedActual(step: StepResult): string[] {
  const out: string[] = [];
  const e = step.expected ?? {};
  const a = step.actual ?? {};
  if (e.status !== undefined || a.status !== undefined) out.push(`status   expected ${e.status ?? "(any)"}, got ${a.status ?? "(none)"}`);
  if (e.message !== undefined || a.message !== undefined) {
    out.push(`message  expected ${JSON.stringify(e.message ?? null)}, got ${JSON.stringify(a.message ?? null)}`);
  }
  for (const [k, v] of Object.entries(e.headers ?? {})) {
    const got = a.headers?.[k];
    out.push(`header   ${k}: expected ${v === null ? "(absent)" : JSON.stringify(v)}, got ${got === undefined ? "(absent)" : JSON.stringify(got)}`);
  }
  return out;
}

/** A failing step written out in full: where, tabs, request, expected vs actual, excerpt, plugins, curl. */
export function formatStepFailure(step: StepResult, opts: { excerptChars?: number } = {}): string[] {
  const max = opts.excerptChars ?? 600;
  const out: string[] = [];
  out.push(`at ${formatPos(step.source)}  (${step.kind}${step.type ? ` ${step.type}` : ""}, step ${step.index + 1})`);
  if (step.tabs?.length) out.push(`tabs: ${step.tabs.join(" › ")}`);
  if (step.message) out.push(step.message);
  out.push(...formatExpectedActual(step));
  if (step.exchange) {
    out.push("request:", ...formatRequest(step.exchange).map((l) => `  ${printable(l)}`));
    const res = step.exchange.response;
    if (res) {
      out.push(`response: ${res.status} (${formatDuration(res.durationMs)})`);
      if (res.bodyExcerpt) out.push(...printable(truncate(res.bodyExcerpt, max)).split("\n").map((l) => `  ${l}`));
    }
    if (step.exchange.error) out.push(`transport error: ${step.exchange.error.code} ${step.exchange.error.message}`);
  }
  if (step.unemulated?.length) out.push(`not emulated on this path: ${step.unemulated.join(", ")}`);
  for (const d of step.diagnostics ?? []) if (d.message !== step.message) out.push(`${d.message} [${d.code}]${d.hint ? ` — ${d.hint}` : ""}`);
  if (step.curl) out.push("reproduce:", ...step.curl.split("\n").map((l) => `  ${l}`));
  return out;
}

/** Control characters shown as escapes, so a response body cannot drive the reader's terminal. */
export function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** ANSI styling, on or off once per reporter. */
export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  cyan(s: string): string;
}

/** NO_COLOR off, FORCE_COLOR on (unless "0" or "false"), else colour only on a TTY. */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return Boolean(isTTY);
}

export function paint(on: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22), cyan: wrap(36, 39) };
}

export function paintVerdict(p: Paint, v: Verdict, s: string): string {
  if (v === "passed" || v === "expected-failure") return p.green(s);
  if (v === "failed" || v === "error" || v === "unexpected-pass") return p.red(s);
  if (v === "blocked" || v === "unverified") return p.yellow(s);
  return p.dim(s);
}

/** A link to a page file and line under a repository base URL (GitHub/GitLab blob URLs use #L<n>). */
export function sourceUrl(base: string, file: string, line?: number): string {
  const path = file.split("/").map(encodeURIComponent).join("/");
  return `${base.replace(/\/+$/, "")}/${path}${line !== undefined ? `#L${line}` : ""}`;
}
