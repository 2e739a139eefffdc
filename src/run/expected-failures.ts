/**
 * Expected failures: a YAML file mapping a page (and optionally a variant and a step) to a reason and
 * an optional expiry date. Either a list of entries or a map keyed by page file:
 *
 *   - page: ai-gateway/set-up-ai-proxy-with-openai.md
 *     variant: on-prem          # optional
 *     step: 4                   # optional: 1-based step position, or `line: 42` for the block's line
 *     reason: the provider double rejects the placeholder key
 *     expires: 2026-12-31       # optional: after this date the entry no longer excuses anything
 *
 * A failing variant that matches becomes `expected-failure`; a passing one `unexpected-pass` (exit 1);
 * an expired entry excuses nothing and its variant stays `failed`, saying so.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { VariantResult } from "../core/results.js";

export interface ExpectedFailure {
  page: string;
  variant?: string;
  step?: number;
  line?: number;
  reason: string;
  expires?: string;
}

export function parseExpectedFailures(text: string, file: string): { entries: ExpectedFailure[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { entries: [], diagnostics: [diag("run/expected-failures-yaml", "config", `${file}: ${(err as Error).message}`, { source: { file, line: 1 } })] };
  }
  const raw: unknown[] = Array.isArray(doc)
    ? doc
    : doc && typeof doc === "object"
      ? Object.entries(doc as Record<string, unknown>).map(([page, v]) => (typeof v === "string" ? { page, reason: v } : { page, ...(v as object) }))
      : doc == null
        ? []
        : [doc];
  const entries: ExpectedFailure[] = [];
  raw.forEach((e, i) => {
    const o = (e ?? {}) as Record<string, unknown>;
    const where = `${file}: entry ${i + 1}`;
    if (typeof o.page !== "string" || !o.page) {
      diagnostics.push(diag("run/expected-failures-entry", "config", `${where} has no 'page'`, { hint: "each entry needs page and reason" }));
      return;
    }
    if (typeof o.reason !== "string" || !o.reason) {
      diagnostics.push(diag("run/expected-failures-entry", "config", `${where} (${o.page}) has no 'reason'`, { hint: "say why the page is expected to fail" }));
      return;
    }
    const expires = o.expires instanceof Date ? o.expires.toISOString().slice(0, 10) : typeof o.expires === "string" ? o.expires : undefined;
    if (expires && Number.isNaN(Date.parse(expires))) {
      diagnostics.push(diag("run/expected-failures-entry", "config", `${where} (${o.page}): expires '${expires}' is not a date (YYYY-MM-DD)`));
      return;
    }
    entries.push({
      page: o.page.replace(/^\.?\//, ""),
      reason: o.reason,
      ...(typeof o.variant === "string" ? { variant: o.variant } : {}),
      ...(typeof o.step === "number" ? { step: o.step } : {}),
      ...(typeof o.line === "number" ? { line: o.line } : {}),
      ...(expires ? { expires } : {}),
    });
  });
  return { entries, diagnostics };
}

export function readExpectedFailures(path: string): { entries: ExpectedFailure[]; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { entries: [], diagnostics: [diag("run/expected-failures-missing", "config", `cannot read --expected-failures ${path}: ${(err as Error).message}`)] };
  }
  return parseExpectedFailures(text, path);
}

function matches(e: ExpectedFailure, r: VariantResult): boolean {
  if (e.page !== r.page.file && e.page !== r.page.id) return false;
  if (e.variant && e.variant !== r.variant) return false;
  if (e.step === undefined && e.line === undefined) return true;
  const failing = r.steps.find((s) => s.verdict === "failed" || s.verdict === "error");
  if (!failing) return r.verdict === "passed"; // a pass must still be flagged as unexpected
  if (e.step !== undefined && failing.index + 1 !== e.step) return false;
  if (e.line !== undefined && failing.source.line !== e.line) return false;
  return true;
}

/** Applies the expected-failure list to one result; `today` is `YYYY-MM-DD`. */
export function applyExpected(r: VariantResult, entries: readonly ExpectedFailure[], today: string): VariantResult {
  const e = entries.find((x) => matches(x, r));
  if (!e) return r;
  const expired = e.expires !== undefined && e.expires < today;
  if (r.verdict === "failed" || r.verdict === "error") {
    if (expired) return { ...r, reason: `expected failure expired on ${e.expires} (${e.reason}); ${r.reason ?? "it still fails"}` };
    return { ...r, verdict: "expected-failure", reason: e.reason };
  }
  if (r.verdict === "passed") {
    return { ...r, verdict: "unexpected-pass", reason: `listed as an expected failure (${e.reason}) but it passed: remove the entry` };
  }
  return r;
}
