/**
 * Plain-text renderings of a plan for people: one line per page (`docval list`) and a numbered
 * step list per page and variant (`docval plan`). No secrets can appear: plans hold `$NAME`
 * references, never env values.
 */
import { formatPos } from "../core/source.js";
import type { Page, Step } from "./model.js";

export function stepCount(page: Page): number {
  return page.variants.reduce((n, v) => n + v.steps.length, 0);
}

export function pageStatus(page: Page): string {
  if (page.error) return `ERROR ${page.error.file ?? page.file}:${page.error.line}: ${page.error.message}`;
  if (page.skip) return `skip: ${page.skip.reason}`;
  return "";
}

/** `docval list`: file, products, variants, steps, skip reason or error, aligned in columns. */
export function formatList(pages: Page[]): string {
  const rows = pages.map((p) => [
    p.file,
    p.products.join(",") || "-",
    p.variants.map((v) => v.deployment).join(",") || "-",
    plural(p.variants[0]?.steps.length ?? 0, "step"),
    pageStatus(p),
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(0, ...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join("  ").trimEnd());
  return lines.join("\n") + (lines.length ? "\n" : "");
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case "apply": {
      const collections = Object.entries(step.config)
        .filter(([k, v]) => k !== "_format_version" && Array.isArray(v))
        .map(([k, v]) => {
          const names = (v as unknown[])
            .map((e) => (e && typeof e === "object" ? ((e as Record<string, unknown>).name ?? (e as Record<string, unknown>).username) : undefined))
            .filter((n) => n != null);
          return names.length ? `${k}: ${names.join(", ")}` : `${k} (${(v as unknown[]).length})`;
        });
      const flags = step.deckFlags.length ? ` ${step.deckFlags.join(" ")}` : "";
      return `apply (${step.origin})${flags}  ${collections.join("; ")}`;
    }
    case "check": {
      const times = step.repeat > 1 ? ` ×${step.repeat}` : "";
      const exp = [
        step.expect.status !== undefined ? String(step.expect.status) : "any status",
        step.expect.message !== undefined ? `"${step.expect.message}"` : "",
      ]
        .filter(Boolean)
        .join(" ");
      const sleep = step.sleepSeconds ? ` after ${step.sleepSeconds}s` : "";
      return `check ${step.type}  ${step.request.method} ${step.request.url}${times}${sleep} → ${exp}`;
    }
    case "set-env":
      return `set-env  ${Object.keys(step.vars).join(", ")}`;
    case "shell": {
      const first = step.command.split("\n")[0];
      const more = step.command.includes("\n") ? " …" : "";
      return `shell (${step.origin})  ${first}${more}`;
    }
    case "unsupported":
      return `unsupported ${step.type}: ${step.reason}`;
  }
}

/** `docval plan`: per page and variant, the numbered steps with their source. */
export function formatPlan(pages: Page[]): string {
  const out: string[] = [];
  for (const p of pages) {
    out.push(`${p.file}  ${p.title}`);
    const status = pageStatus(p);
    if (status) out.push(`  ${status}`);
    if (p.env.length) {
      out.push(`  env: ${p.env.map((n) => (p.envExported[n] ? `${n} (exported at ${formatPos(p.envExported[n])})` : n)).join(", ")}`);
    }
    if (!p.error) {
      for (const v of p.variants) {
        out.push(`  [${v.deployment}]${v.skip ? ` skipped: ${v.skip.reason}` : ""}`);
        if (v.steps.length === 0) out.push("    (no steps)");
        v.steps.forEach((s, i) => {
          const tabs = s.tabs?.length ? ` [${s.tabs.join(" > ")}]` : "";
          out.push(`    ${String(i + 1).padStart(2)}. ${describeStep(s)}${tabs}`);
          out.push(`        at ${formatPos(s.source)}${s.section !== "body" ? ` (${s.section})` : ""}`);
        });
      }
    }
    out.push("");
  }
  return out.join("\n");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
