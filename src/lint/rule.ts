/**
 * How a lint rule is declared and what it may see. A rule only reports (remark-lint's `lintRule`):
 * `defineRule` stamps the rule id and the severity chosen for this run onto every
 * Diagnostic the rule emits, so rules never deal with configuration.
 */
import type { Diagnostic, Severity } from "../core/diagnostic.js";
import type { Checkout } from "../docs/checkout.js";
import type { Block, ParsedPage } from "../docs/model.js";
import type { Page } from "../plan/model.js";
import type { PluginSchemaRegistry } from "../schemas/plugins.js";

export type RuleSeverity = Extract<Severity, "error" | "warning">;

/** What a rule gets: one parsed page and the read-only services shared by all pages of a run. */
export interface LintContext {
  page: ParsedPage;
  checkout: Pick<Checkout, "root" | "layout" | "site">;
  /** Plugin schemas of the checkout (undefined when it has none). */
  schemas?: PluginSchemaRegistry;
  /** Reads a file relative to the checkout root; undefined when it does not exist. Cached per run. */
  readFile(rel: string): string | undefined;
  /** Whether a path relative to the checkout root exists. Cached per run. */
  exists(rel: string): boolean;
  /** The page's plan (planned on first call, once per page), when the checkout can be planned. */
  plan?(): Page | undefined;
}

/** What a rule reports: a message, and where (a block, or a file and line; defaults to the page's line 1). */
export interface RuleReport {
  message: string;
  hint?: string;
  block?: Block;
  file?: string;
  line?: number;
}

export interface RuleDocs {
  /** A paragraph: what it finds and why it matters. */
  description: string;
  /** A short page fragment that triggers the rule. */
  example: string;
}

export interface RuleSpec {
  /** Stable, kebab-case: "plugin-config". */
  id: string;
  /** One line, shown by `docval lint --help` and in docs/lint.md. */
  summary: string;
  defaultSeverity: RuleSeverity;
  docs: RuleDocs;
  check(ctx: LintContext, report: (r: RuleReport) => void): void;
}

export interface Rule extends Omit<RuleSpec, "check"> {
  /** Runs the rule; returns its diagnostics stamped with `lint/<id>` and the given severity. */
  run(ctx: LintContext, severity: RuleSeverity): Diagnostic[];
}

export function defineRule(spec: RuleSpec): Rule {
  const { check, ...meta } = spec;
  return {
    ...meta,
    run(ctx, severity) {
      const out: Diagnostic[] = [];
      check(ctx, (r) => {
        const file = r.file ?? r.block?.source.file ?? ctx.page.file;
        const line = r.line ?? r.block?.source.line ?? 1;
        out.push({
          code: `lint/${spec.id}`,
          kind: "page",
          severity,
          message: r.message,
          ...(r.hint ? { hint: r.hint } : {}),
          source: { file, line },
          related: r.block && r.block.source.file !== ctx.page.file
            ? [{ message: "included by this page", source: { file: ctx.page.file, line: 1 } }]
            : undefined,
        });
      });
      for (const d of out) if (d.related === undefined) delete d.related;
      return out;
    },
  };
}
