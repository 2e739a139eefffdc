/**
 * The github reporter: workflow commands that put each failure on the Markdown line that failed
 * (`::error file=…,line=…,title=…::message`). GitHub shows at most 10 annotations of a type per step and
 * drops the rest silently, so this caps them per file and in total and says in one `::notice` how many
 * were left out and where to look.
 */
import { isAbsolute, join, relative, sep } from "node:path";
import type { Writable } from "node:stream";
import type { Reporter } from "../core/events.js";
import type { RunMeta } from "../core/results.js";
import { collecting, FAILING, type CollectedRun } from "./collect.js";
import { formatCounts, problemSteps, variantLabel, variantLocation, variantMessage } from "./format.js";

export interface GithubOptions {
  stdout: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  perFile?: number;
  total?: number;
}

export function githubReporter(opts: GithubOptions): Reporter {
  return collecting("github", (run) => {
    const lines = githubCommands(run, opts);
    if (lines.length) opts.stdout.write(`${lines.join("\n")}\n`);
  });
}

interface Annotation {
  level: "error" | "warning";
  file: string;
  line?: number;
  title: string;
  message: string;
}

export function githubCommands(run: CollectedRun, opts: { env: NodeJS.ProcessEnv; cwd: string; perFile?: number; total?: number }): string[] {
  const perFile = opts.perFile ?? 3;
  const cap = opts.total ?? 10;
  const wanted: Annotation[] = [];
  for (const r of run.results) {
    if (!FAILING.has(r.verdict)) continue;
    const steps = problemSteps(r);
    if (steps.length === 0) {
      const where = variantLocation(r);
      wanted.push({ level: "error", file: where.file, ...(where.line !== undefined ? { line: where.line } : {}), title: `docval ${r.verdict}: ${variantLabel(r)}`, message: variantMessage(r) ?? r.verdict });
      continue;
    }
    for (const s of steps) {
      const detail = [s.message ?? s.diagnostics?.[0]?.message ?? s.verdict];
      if (s.tabs?.length) detail.push(`tabs: ${s.tabs.join(" › ")}`);
      if (s.curl) detail.push(`reproduce: ${s.curl}`);
      wanted.push({ level: "error", file: s.source.file, line: s.source.line, title: `docval ${r.verdict}: ${variantLabel(r)}`, message: detail.join("\n") });
    }
  }
  const out: string[] = [];
  const perFileCount = new Map<string, number>();
  let left = 0;
  const leftFiles = new Set<string>();
  for (const a of wanted) {
    const n = perFileCount.get(a.file) ?? 0;
    if (n >= perFile || out.length >= cap) {
      left += 1;
      leftFiles.add(a.file);
      continue;
    }
    perFileCount.set(a.file, n + 1);
    out.push(command(a.level, { file: workspacePath(a.file, run.meta, opts), line: a.line, title: a.title }, a.message));
  }
  if (left) {
    const msg = `${left} more failure${left === 1 ? "" : "s"} not annotated (GitHub shows only a few per step) in ${[...leftFiles].slice(0, 10).join(", ")}${leftFiles.size > 10 ? ", …" : ""}. See the job summary or the HTML report.`;
    out.push(command("notice", { title: "docval: more failures" }, msg));
  }
  if (out.length) out.push(command("notice", { title: "docval summary" }, formatCounts(run.summary.counts, run.summary.total)));
  return out;
}

/** Paths relative to GITHUB_WORKSPACE, so the annotation lands on the file in the PR diff. */
function workspacePath(file: string, meta: RunMeta, opts: { env: NodeJS.ProcessEnv; cwd: string }): string {
  const root = isAbsolute(meta.root) ? meta.root : join(opts.cwd, meta.root);
  const ws = opts.env.GITHUB_WORKSPACE || opts.cwd;
  const rel = relative(ws, join(root, file));
  return (rel.startsWith("..") ? file : rel).split(sep).join("/");
}

export function command(name: string, props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${name}${p ? ` ${p}` : ""}::${escapeData(message)}`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
