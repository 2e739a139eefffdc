/**
 * The junit reporter: one <testsuite> per page, one <testcase> per step (Hurl #2889: one testcase per
 * file hides which request failed), each with `file` and `line` pointing at the Markdown source.
 * Assert-kind failures are <failure>, anything else that broke is <error>, skips carry their reason.
 * An empty run still writes a valid file.
 */
import type { Reporter } from "../core/events.js";
import type { StepResult, VariantResult } from "../core/results.js";
import { collecting, type CollectedRun } from "./collect.js";
import { formatStepFailure, variantMessage } from "./format.js";
import { deliver, type Destination } from "./output.js";
import { xmlAttr, xmlText } from "./xml.js";

export function junitReporter(dest: Destination): Reporter {
  return collecting("junit", (run) => deliver(dest, toJunit(run)));
}

interface Case {
  name: string;
  classname: string;
  file: string;
  line?: number;
  seconds: number;
  outcome?: { tag: "failure" | "error" | "skipped"; message: string; type?: string; body?: string };
  systemOut?: string;
}

export function toJunit(run: CollectedRun): string {
  const byPage = new Map<string, VariantResult[]>();
  for (const r of run.results) byPage.set(r.page.file, [...(byPage.get(r.page.file) ?? []), r]);
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const [file, variants] of byPage) {
    const cases = variants.flatMap(casesOf);
    const n = tally(cases);
    total.tests += n.tests;
    total.failures += n.failures;
    total.errors += n.errors;
    total.skipped += n.skipped;
    const seconds = variants.reduce((s, v) => s + v.durationMs, 0) / 1000;
    const page = variants[0].page;
    const props = [
      `<property name="id" value="${xmlAttr(page.id)}"/>`,
      `<property name="products" value="${xmlAttr(page.products.join(","))}"/>`,
      ...variants.map((v) => `<property name="verdict.${xmlAttr(v.variant)}" value="${xmlAttr(v.verdict)}"/>`),
    ];
    suites.push(
      `  <testsuite name="${xmlAttr(page.title)}" file="${xmlAttr(file)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" time="${secs(seconds)}" timestamp="${xmlAttr(isoNoZone(run.summary.start))}">\n` +
        `    <properties>\n${props.map((x) => `      ${x}`).join("\n")}\n    </properties>\n` +
        cases.map(renderCase).join("") +
        `  </testsuite>\n`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="docval" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${secs(run.summary.durationMs / 1000)}" timestamp="${xmlAttr(isoNoZone(run.summary.start))}">\n` +
    suites.join("") +
    `</testsuites>\n`
  );
}

function casesOf(r: VariantResult): Case[] {
  const classname = `${r.page.id || r.page.file}.${r.variant}`;
  const base = { classname, file: r.page.file };
  if (r.steps.length === 0) {
    const c: Case = { ...base, name: `[${r.variant}] ${r.page.title}`, seconds: r.durationMs / 1000 };
    const line = r.diagnostics.find((d) => d.source)?.source?.line;
    if (line !== undefined) c.line = line;
    const msg = variantMessage(r) ?? r.verdict;
    if (r.verdict === "skipped" || r.verdict === "blocked" || r.verdict === "unverified") c.outcome = { tag: "skipped", message: `${r.verdict}: ${msg}` };
    else if (r.verdict === "failed" || r.verdict === "unexpected-pass") c.outcome = { tag: "failure", message: msg, type: r.verdict };
    else if (r.verdict === "error") c.outcome = { tag: "error", message: msg, type: r.diagnostics[0]?.kind ?? "error", body: r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n") };
    else if (r.verdict === "expected-failure") c.systemOut = `expected failure: ${msg}`;
    return [c];
  }
  const cases = r.steps.map((s) => stepCase(r, s, base));
  if (r.verdict === "unexpected-pass") {
    cases.push({ ...base, name: `[${r.variant}] expected failure`, seconds: 0, outcome: { tag: "failure", type: "unexpected-pass", message: variantMessage(r) ?? "passed, but expected to fail" } });
  }
  return cases;
}

function stepCase(r: VariantResult, s: StepResult, base: { classname: string; file: string }): Case {
  const tabs = s.tabs?.length ? ` (${s.tabs.join(" › ")})` : "";
  const c: Case = {
    classname: base.classname,
    file: s.source.file,
    line: s.source.line,
    name: `[${r.variant}] step ${s.index + 1}: ${s.kind}${s.type ? ` ${s.type}` : ""}${tabs}`,
    seconds: s.durationMs / 1000,
  };
  const message = s.message ?? s.diagnostics?.[0]?.message ?? s.verdict;
  const body = formatStepFailure(s, { excerptChars: 2000 }).join("\n");
  if (r.verdict === "expected-failure" && (s.verdict === "failed" || s.verdict === "error")) {
    c.systemOut = `expected failure${r.reason ? ` (${r.reason})` : ""}: ${message}\n${body}`;
    return c;
  }
  switch (s.verdict) {
    case "failed": {
      const kind = s.diagnostics?.find((d) => d.severity !== "warning")?.kind ?? "assert";
      c.outcome = { tag: kind === "assert" ? "failure" : "error", message, type: kind, body };
      break;
    }
    case "error":
      c.outcome = { tag: "error", message, type: s.diagnostics?.[0]?.kind ?? "error", body };
      break;
    case "skipped":
    case "blocked":
      c.outcome = { tag: "skipped", message: `${s.verdict}: ${s.message ?? r.reason ?? ""}`.trim() };
      break;
    case "unverified":
      c.outcome = { tag: "skipped", message: `unverified: ${s.unemulated?.length ? `not emulated: ${s.unemulated.join(", ")}` : message}` };
      break;
    case "passed":
      break;
  }
  return c;
}

function renderCase(c: Case): string {
  const attrs = `name="${xmlAttr(c.name)}" classname="${xmlAttr(c.classname)}" file="${xmlAttr(c.file)}"${c.line !== undefined ? ` line="${c.line}"` : ""} time="${secs(c.seconds)}"`;
  const inner: string[] = [];
  const o = c.outcome;
  if (o?.tag === "skipped") inner.push(`      <skipped message="${xmlAttr(o.message)}"/>`);
  else if (o) inner.push(`      <${o.tag} message="${xmlAttr(o.message)}"${o.type ? ` type="${xmlAttr(o.type)}"` : ""}>${xmlText(o.body ?? o.message)}</${o.tag}>`);
  if (c.systemOut) inner.push(`      <system-out>${xmlText(c.systemOut)}</system-out>`);
  return inner.length ? `    <testcase ${attrs}>\n${inner.join("\n")}\n    </testcase>\n` : `    <testcase ${attrs}/>\n`;
}

function tally(cases: Case[]) {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome?.tag === "failure").length,
    errors: cases.filter((c) => c.outcome?.tag === "error").length,
    skipped: cases.filter((c) => c.outcome?.tag === "skipped").length,
  };
}

function secs(s: number): string {
  return (Number.isFinite(s) && s > 0 ? s : 0).toFixed(3);
}

/** The JUnit schema's timestamp is xs:dateTime without a zone designator in the strict XSDs. */
function isoNoZone(iso: string): string {
  const t = Date.parse(iso);
  return (Number.isFinite(t) ? new Date(t) : new Date(0)).toISOString().slice(0, 19);
}
