/**
 * The html reporter: one self-contained file (no network, no external assets). The run's data is
 * embedded as JSON in a `<script type="application/json">`; a small inline script renders the summary,
 * the verdict/product filters and search, and the page rows, lazily (a page's steps are built only when
 * it is opened, and rows are added in batches as the list scrolls), so 500 pages stay fast.
 */
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import type { Reporter } from "../core/events.js";
import type { StepResult, VariantResult } from "../core/results.js";
import { collecting, type CollectedRun } from "./collect.js";
import { HTML_SCRIPT, HTML_STYLE } from "./html-assets.js";
import { variantLocation, variantMessage } from "./format.js";
import { deliver, type Destination } from "./output.js";
import { compareWithPrevious, type History, type PreviousRun } from "./previous.js";

export interface HtmlOptions {
  dest: Destination;
  cwd: string;
  sourceBaseUrl?: string;
  previous?: PreviousRun;
}

export function htmlReporter(opts: HtmlOptions): Reporter {
  return collecting("html", (run) => {
    const linkBase = opts.sourceBaseUrl ? undefined : localLinkBase(run, opts);
    return deliver(opts.dest, toHtml(run, { sourceBaseUrl: opts.sourceBaseUrl, linkBase, previous: opts.previous }));
  });
}

/** Without a base URL, links go to the page files relative to where the report is written. */
function localLinkBase(run: CollectedRun, opts: HtmlOptions): string | undefined {
  if (opts.dest.kind !== "file") return undefined;
  const root = isAbsolute(run.meta.root) ? run.meta.root : join(opts.cwd, run.meta.root);
  const rel = relative(dirname(isAbsolute(opts.dest.path) ? opts.dest.path : join(opts.cwd, opts.dest.path)), root);
  return rel === "" ? "" : `${rel.split(sep).join("/")}/`;
}

/** The data the page script reads; short keys keep a 500-page report small. */
export interface HtmlData {
  title: string;
  meta: CollectedRun["meta"];
  summary: CollectedRun["summary"];
  sourceBaseUrl?: string;
  linkBase?: string;
  history?: History;
  diagnostics: CollectedRun["diagnostics"];
  pages: HtmlPage[];
}

interface HtmlPage {
  f: string;
  t: string;
  i: string;
  p: string[];
  v: string;
  k: VariantResult["verdict"];
  d: number;
  m?: string;
  r?: string;
  w: { file: string; line?: number };
  e?: string[];
  s: StepResult[];
  g: VariantResult["diagnostics"];
}

const EXCERPT_FAILING = 4000;
const EXCERPT_OTHER = 800;

export function toHtml(run: CollectedRun, opts: { sourceBaseUrl?: string; linkBase?: string; previous?: PreviousRun }): string {
  const data: HtmlData = {
    title: "docval report",
    meta: run.meta,
    summary: run.summary,
    diagnostics: run.diagnostics,
    pages: run.results.map(page),
  };
  if (opts.sourceBaseUrl) data.sourceBaseUrl = opts.sourceBaseUrl;
  if (opts.linkBase !== undefined) data.linkBase = opts.linkBase;
  if (opts.previous) data.history = compareWithPrevious(opts.previous, run.results);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>docval report</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<div id="app"><noscript>This report needs JavaScript to render; the same data is in the JSON report.</noscript></div>
<script type="application/json" id="docval-data">${embedJson(data)}</script>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

function page(r: VariantResult): HtmlPage {
  const failing = r.verdict === "failed" || r.verdict === "error" || r.verdict === "unexpected-pass" || r.verdict === "expected-failure";
  const p: HtmlPage = {
    f: r.page.file,
    t: r.page.title,
    i: r.page.id,
    p: r.page.products,
    v: r.variant,
    k: r.verdict,
    d: Math.round(r.durationMs),
    w: variantLocation(r),
    s: r.steps.map((s) => trimStep(s, failing && s.verdict !== "passed" ? EXCERPT_FAILING : EXCERPT_OTHER)),
    g: r.diagnostics,
  };
  const m = variantMessage(r);
  if (m !== undefined) p.m = m;
  if (r.reason !== undefined) p.r = r.reason;
  if (r.missingEnv?.length) p.e = r.missingEnv;
  return p;
}

function trimStep(s: StepResult, max: number): StepResult {
  const res = s.exchange?.response;
  if (!res || res.bodyExcerpt.length <= max) return s;
  return { ...s, exchange: { ...s.exchange!, response: { ...res, bodyExcerpt: `${res.bodyExcerpt.slice(0, max)}… (${res.bodyExcerpt.length - max} more characters in the JSON report)` } } };
}

/** JSON that cannot end the script element or open a comment inside it. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
