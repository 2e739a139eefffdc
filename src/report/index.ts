/**
 * The reporter registry: one name → one factory (Vitest's reporters/index.ts). `--reporter name[=path]`
 * is parsed here, and defaults are decided in one place: console is added when nothing else prints to
 * the terminal, github when GITHUB_ACTIONS=true.
 */
import { isAbsolute, join } from "node:path";
import type { Writable } from "node:stream";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import { closest } from "../core/suggest.js";
import type { Reporter } from "../core/events.js";
import { blobReporter } from "./blob.js";
import { consoleReporter } from "./console.js";
import { debugReporter } from "./debug.js";
import { githubReporter } from "./github.js";
import { htmlReporter } from "./html.js";
import { jsonReporter } from "./json.js";
import { junitReporter } from "./junit.js";
import { markdownReporter } from "./markdown.js";
import type { Destination } from "./output.js";
import { loadPrevious, type PreviousRun } from "./previous.js";

export { createHub, type Hub } from "./hub.js";
export { readPreviousDurations } from "./previous.js";
export { BLOB_VERSION } from "./blob.js";

export const REPORTER_NAMES = ["console", "json", "junit", "markdown", "html", "github", "blob", "debug"] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

export interface ReporterSpec {
  name: ReporterName;
  path?: string;
}

export interface ReporterContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
  /** Folder for reports written without a path; default "docval-report". */
  outDir: string;
  sourceBaseUrl?: string;
  mode: "run" | "merge";
  /** Path of a previous JSON report, for "what changed since then". */
  previous?: string;
}

/** Where each file reporter writes when `--reporter name` has no path (inside outDir). */
export const DEFAULT_FILES: Record<Exclude<ReporterName, "console" | "github" | "debug">, string> = {
  json: "results.json",
  junit: "junit.xml",
  markdown: "summary.md",
  html: "index.html",
  blob: "blob",
};

/** "html", "html=out/r.html", "json,junit" → specs; unknown names become usage diagnostics. */
export function parseReporterSpecs(specs: string[]): { specs: ReporterSpec[]; diagnostics: Diagnostic[] } {
  const out: ReporterSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const raw of specs.flatMap((s) => splitList(s))) {
    const eq = raw.indexOf("=");
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    const path = eq < 0 ? undefined : raw.slice(eq + 1).trim();
    if (!(REPORTER_NAMES as readonly string[]).includes(name)) {
      const close = closest(name, REPORTER_NAMES);
      diagnostics.push(
        diag("report/unknown-reporter", "usage", `Unknown reporter '${name}', expected one of ${REPORTER_NAMES.join(", ")}`, {
          hint: close ? `Did you mean '${close}'?` : "Give a name, optionally with a path: --reporter html=out/report.html",
        }),
      );
      continue;
    }
    if (path === "") {
      diagnostics.push(diag("report/empty-path", "usage", `--reporter ${name}= has an empty path`, { hint: `Write --reporter ${name} for the default path, or --reporter ${name}=<file>.` }));
      continue;
    }
    if ((name === "console" || name === "github" || name === "debug") && path !== undefined) {
      diagnostics.push(diag("report/path-not-allowed", "usage", `The ${name} reporter prints to the terminal and takes no path`, { hint: `Write --reporter ${name}.` }));
      continue;
    }
    out.push(path === undefined ? { name: name as ReporterName } : { name: name as ReporterName, path });
  }
  return { specs: out, diagnostics };
}

/** Splits "json,junit=out/j.xml" on commas that start a new reporter name. */
function splitList(s: string): string[] {
  return s
    .split(new RegExp(`,(?=\\s*(?:${REPORTER_NAMES.join("|")})(?:=|,|$))`))
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Builds the reporters; adds console when none prints to the terminal and github on GitHub Actions. */
export function createReporters(specs: ReporterSpec[], ctx: ReporterContext): Reporter[] {
  const list = [...specs];
  const printsToTerminal = list.some((s) => s.name === "console" || s.path === "-");
  if (!printsToTerminal) list.unshift({ name: "console" });
  if (ctx.env.GITHUB_ACTIONS === "true" && !list.some((s) => s.name === "github")) list.push({ name: "github" });
  const previous = loadPreviousOnce(ctx);
  const seen = new Set<string>();
  const reporters: Reporter[] = [];
  for (const spec of list) {
    const key = `${spec.name}=${spec.path ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reporters.push(create(spec, ctx, previous));
  }
  return reporters;
}

function create(spec: ReporterSpec, ctx: ReporterContext, previous: PreviousRun | undefined): Reporter {
  switch (spec.name) {
    case "console":
      return consoleReporter({ stdout: ctx.stdout, env: ctx.env, ...(previous ? { previous } : {}) });
    case "github":
      return githubReporter({ stdout: ctx.stdout, env: ctx.env, cwd: ctx.cwd });
    case "json":
      return jsonReporter(destination(spec, ctx));
    case "junit":
      return junitReporter(destination(spec, ctx));
    case "markdown":
      return markdownReporter({ dest: destination(spec, ctx), env: ctx.env, ...opt("sourceBaseUrl", ctx.sourceBaseUrl), ...(previous ? { previous } : {}) });
    case "html":
      return htmlReporter({ dest: destination(spec, ctx), cwd: ctx.cwd, ...opt("sourceBaseUrl", ctx.sourceBaseUrl), ...(previous ? { previous } : {}) });
    case "debug":
      return debugReporter(ctx.stderr);
    case "blob":
      return blobReporter(resolvePath(spec.path ?? join(ctx.outDir || "docval-report", DEFAULT_FILES.blob), ctx));
  }
}

function destination(spec: ReporterSpec, ctx: ReporterContext): Destination {
  if (spec.path === "-") return { kind: "stream", stream: ctx.stdout };
  const name = spec.name as keyof typeof DEFAULT_FILES;
  return { kind: "file", path: resolvePath(spec.path ?? join(ctx.outDir || "docval-report", DEFAULT_FILES[name]), ctx) };
}

function resolvePath(p: string, ctx: ReporterContext): string {
  return isAbsolute(p) ? p : join(ctx.cwd, p);
}

function opt<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** A bad --previous file is reported on stderr once and then ignored: history is a nicety, not a gate. */
function loadPreviousOnce(ctx: ReporterContext): PreviousRun | undefined {
  if (!ctx.previous) return undefined;
  const { previous, diagnostics } = loadPrevious(resolvePath(ctx.previous, ctx));
  for (const d of diagnostics) ctx.stderr.write(`docval: warning: ${d.message} [${d.code}]\n`);
  return previous;
}
