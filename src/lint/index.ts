/**
 * `docval lint` as a function: parsed pages in, findings out. Pages are read once by the docs reader
 * (`parsePage`), every rule runs over the same value, and plugin schemas come from one registry per checkout
 * (compiled lazily, cached for the process).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../core/diagnostic.js";
import type { Checkout } from "../docs/checkout.js";
import type { ParsedPage } from "../docs/model.js";
import { parsePage } from "../docs/parse.js";
import { planPage } from "../plan/build.js";
import type { Page } from "../plan/model.js";
import { openPluginSchemas, type PluginSchemaRegistry } from "../schemas/plugins.js";
import type { LintContext, Rule, RuleSeverity } from "./rule.js";
import { RULES } from "./rules/index.js";
import { suppressionsFor } from "./suppress.js";

export interface Finding {
  /** Relative to the checkout root; an include's path when the finding is inside one. */
  file: string;
  line: number;
  rule: string;
  severity: RuleSeverity;
  message: string;
  hint?: string;
  /** The page that was linted, when the finding sits in an include. */
  page?: string;
}

export type SeveritySetting = "off" | "warn" | "error";

export interface LintOptions {
  /** Run only these rules. */
  rules?: string[];
  /** Skip these rules. */
  ignoreRules?: string[];
  /** Severity overrides (the config file's `lint.rules`). */
  severities?: Record<string, SeveritySetting>;
}

export interface LintResult {
  findings: Finding[];
  /** Problems with the options themselves (an unknown rule id): usage errors. */
  diagnostics: Diagnostic[];
}

type CheckoutLike = Pick<Checkout, "root" | "layout" | "site"> & Partial<Pick<Checkout, "config">>;

function isFullCheckout(c: CheckoutLike): c is Checkout {
  return c.config !== undefined;
}

/** Rules chosen for this run with their severity; unknown ids become usage diagnostics. */
export function selectRules(opts: LintOptions): { rules: { rule: Rule; severity: RuleSeverity }[]; diagnostics: Diagnostic[] } {
  const ids = new Set(RULES.map((r) => r.id));
  const diagnostics: Diagnostic[] = [];
  for (const [flag, list] of [["--rule", opts.rules], ["--ignore-rule", opts.ignoreRules], ["lint.rules", Object.keys(opts.severities ?? {})]] as const) {
    for (const id of list ?? []) {
      if (!ids.has(id)) diagnostics.push({ code: "lint/unknown-rule", kind: flag === "lint.rules" ? "config" : "usage", message: `Unexpected rule id '${id}' in ${flag}`, hint: `known rules: ${[...ids].join(", ")}` });
    }
  }
  const rules = RULES.filter((r) => (!opts.rules?.length || opts.rules.includes(r.id)) && !opts.ignoreRules?.includes(r.id))
    .map((rule) => {
      const s = opts.severities?.[rule.id];
      return { rule, severity: s === "off" ? undefined : s === "warn" ? "warning" : s === "error" ? "error" : rule.defaultSeverity };
    })
    .filter((r): r is { rule: Rule; severity: RuleSeverity } => r.severity !== undefined);
  return { rules, diagnostics };
}

function contextServices(checkout: CheckoutLike): Omit<LintContext, "page"> {
  const texts = new Map<string, string | undefined>();
  const present = new Map<string, boolean>();
  const schemasDir = join(checkout.root, checkout.layout.schemas, "gateway/plugins");
  const schemas: PluginSchemaRegistry | undefined = existsSync(schemasDir) ? openPluginSchemas(schemasDir) : undefined;
  return {
    checkout,
    schemas,
    readFile(rel) {
      if (!texts.has(rel)) {
        let t: string | undefined;
        try {
          t = readFileSync(join(checkout.root, rel), "utf8");
        } catch {
          t = undefined;
        }
        texts.set(rel, t);
      }
      return texts.get(rel);
    },
    exists(rel) {
      let e = present.get(rel);
      if (e === undefined) present.set(rel, (e = existsSync(join(checkout.root, rel))));
      return e;
    },
  };
}

/** Lints pages the reader already parsed. A rule that throws is a bug: it becomes a harness diagnostic, never a crash. */
export function lintParsed(checkout: CheckoutLike, pages: ParsedPage[], opts: LintOptions = {}): LintResult {
  const { rules, diagnostics } = selectRules(opts);
  const services = contextServices(checkout);
  const findings: Finding[] = [];
  for (const page of pages) {
    let planned: Page | undefined | null = null;
    const ctx: LintContext = {
      ...services,
      page,
      // Plan errors (a status code out of range, a form file outside the files folder) are the planner's
      // to find; lint reuses the plan rather than repeating those checks. Planned lazily, once.
      plan: isFullCheckout(checkout) ? () => (planned === null ? (planned = planPage(checkout, page)) : planned) : () => undefined,
    };
    const suppressed = suppressionsFor(page, services.readFile);
    const seen = new Set<string>();
    for (const { rule, severity } of rules) {
      let out: Diagnostic[];
      try {
        out = rule.run(ctx, severity);
      } catch (e) {
        diagnostics.push({ code: "lint/rule-crashed", kind: "harness", message: `rule ${rule.id} failed on ${page.file}: ${e instanceof Error ? e.message : String(e)}`, source: { file: page.file, line: 1 } });
        continue;
      }
      for (const d of out) {
        const file = d.source?.file ?? page.file;
        const line = d.source?.line ?? 1;
        if (suppressed.has(rule.id, file, line)) continue;
        const key = `${file}\u0000${line}\u0000${rule.id}\u0000${d.message}`;
        if (seen.has(key)) continue; // an include used twice on a page reports once
        seen.add(key);
        findings.push({ file, line, rule: rule.id, severity, message: d.message, ...(d.hint ? { hint: d.hint } : {}), ...(file !== page.file ? { page: page.file } : {}) });
      }
    }
  }
  return { findings, diagnostics };
}

/** Reads and lints page files (relative to the checkout root). */
export function lintPages(checkout: Checkout, files: string[], opts: LintOptions = {}): LintResult {
  const pages = files.map((f) => parsePage(checkout, f));
  return lintParsed(checkout, pages, { severities: checkout.config.lint?.rules, ...opts });
}

export { RULES };
