/**
 * Docs coverage: which pages are tested, skipped (why), unsupported (why), have no validation at all,
 * or could not be read, per product. Pure: plan pages in, a table out. The page shape is declared here
 * structurally (report/ sees only core/), and `docval plan --json` pages satisfy it.
 */
export interface CoveragePageInput {
  file: string;
  title: string;
  products: string[];
  skip: { reason: string } | null;
  error: { message: string; line: number } | null;
  variants: { deployment: string; skip?: { reason: string } | null; steps: { kind: string; type?: string; reason?: string }[] }[];
}

export const COVERAGE_STATUSES = ["tested", "skipped", "unsupported", "no-validation", "error"] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

export interface CoverageEntry {
  file: string;
  title: string;
  products: string[];
  status: CoverageStatus;
  /** Why skipped, unsupported or broken; for tested pages, blocks that still are not run. */
  reason?: string;
  checks: number;
}

export interface CoverageReport {
  pages: CoverageEntry[];
  byProduct: Record<string, Record<CoverageStatus | "pages", number>>;
  totals: Record<CoverageStatus | "pages", number>;
}

export function coverageOf(pages: readonly CoveragePageInput[]): CoverageReport {
  const entries = pages.map(entryOf);
  const empty = () => Object.fromEntries([["pages", 0], ...COVERAGE_STATUSES.map((s) => [s, 0])]) as Record<CoverageStatus | "pages", number>;
  const byProduct: CoverageReport["byProduct"] = {};
  const totals = empty();
  for (const e of entries) {
    totals.pages += 1;
    totals[e.status] += 1;
    for (const p of e.products.length ? e.products : ["(none)"]) {
      const row = (byProduct[p] ??= empty());
      row.pages += 1;
      row[e.status] += 1;
    }
  }
  return { pages: entries, byProduct, totals };
}

function entryOf(p: CoveragePageInput): CoverageEntry {
  const base = { file: p.file, title: p.title, products: p.products };
  if (p.error) return { ...base, status: "error", reason: `line ${p.error.line}: ${p.error.message}`, checks: 0 };
  if (p.skip) return { ...base, status: "skipped", reason: p.skip.reason, checks: 0 };
  const live = p.variants.filter((v) => !v.skip);
  if (live.length === 0 && p.variants.length) {
    return { ...base, status: "skipped", reason: unique(p.variants.map((v) => `${v.deployment}: ${v.skip?.reason ?? "skipped"}`)), checks: 0 };
  }
  const steps = live.flatMap((v) => v.steps);
  const checks = steps.filter((s) => s.kind === "check").length;
  const unsupported = unique(steps.filter((s) => s.kind === "unsupported").map((s) => `${s.type ?? "block"}: ${s.reason ?? "not supported"}`));
  if (checks > 0) return { ...base, status: "tested", checks, ...(unsupported ? { reason: `also has ${unsupported}` } : {}) };
  if (unsupported) return { ...base, status: "unsupported", reason: unsupported, checks: 0 };
  return { ...base, status: "no-validation", reason: steps.length ? "config is applied but nothing is checked" : "no test blocks", checks: 0 };
}

function unique(xs: string[]): string {
  return [...new Set(xs)].join("; ");
}

/** The text table: per product, then the pages that are not tested, grouped by why. */
export function formatCoverage(r: CoverageReport): string {
  const cols = ["pages", ...COVERAGE_STATUSES] as const;
  const names = Object.keys(r.byProduct).sort();
  const w = Math.max(7, ...names.map((n) => n.length));
  const line = (name: string, row: Record<string, number>) => `${name.padEnd(w)}  ${cols.map((c) => String(row[c]).padStart(c.length)).join("  ")}`;
  const out = [`${"product".padEnd(w)}  ${cols.join("  ")}`, ...names.map((n) => line(n, r.byProduct[n])), line("total", r.totals)];
  const pct = r.totals.pages ? Math.round((100 * r.totals.tested) / r.totals.pages) : 0;
  out.push("", `${r.totals.tested} of ${r.totals.pages} pages (${pct}%) are tested.`);
  for (const status of ["no-validation", "unsupported", "skipped", "error"] as const) {
    const group = r.pages.filter((p) => p.status === status);
    if (!group.length) continue;
    out.push("", `${status} (${group.length}):`);
    for (const p of group) out.push(`  ${p.file}${p.reason ? `  ${p.reason}` : ""}`);
  }
  return `${out.join("\n")}\n`;
}
