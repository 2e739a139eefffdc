/**
 * `docval plan [paths…]`: the test plan of each page, as numbered steps or as the JSON contract
 * (DESIGN §3). Also holds the checkout/filter handling `docval list` shares.
 */
import { formatDiagnostic, type Diagnostic } from "../../core/diagnostic.js";
import { openCheckout } from "../../docs/checkout.js";
import { buildPlan, type PlanOptions } from "../../plan/build.js";
import { formatPlan } from "../../plan/format.js";
import type { Deployment, Plan } from "../../plan/model.js";
import type { CliIO, CommandSpec, OptionSpec } from "../command.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from "../exit.js";

export const SELECT_OPTIONS: OptionSpec[] = [
  { flags: "--product <name>", description: "only pages of this product (repeatable; default: the config's products, else gateway and ai-gateway)", repeatable: true },
  { flags: "--deployment <name>", description: "only pages that work on this deployment; other variants are marked skipped (repeatable)", repeatable: true, choices: ["on-prem", "konnect"] },
  { flags: "--grep <regex>", description: "only pages whose file, permalink or title matches (case-insensitive)" },
  { flags: "--root <dir>", description: "the docs checkout root (default: found from the first path upwards)" },
  { flags: "--config <file>", description: "config file (default: docval.config.yaml, .yml or .json in the checkout root, found with it from the first path upwards)" },
  { flags: "--json", description: "print JSON instead of text" },
];

export interface Selected {
  plan?: Plan;
  code: number;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function list(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.map(String);
  return typeof v === "string" ? [v] : undefined;
}

function printDiagnostics(io: CliIO, ds: Diagnostic[]): void {
  for (const d of ds) {
    const level = d.severity === "warning" ? "warning" : d.severity === "info" ? "info" : "error";
    io.stderr.write(`${level}: ${formatDiagnostic(d)}\n`);
  }
}

/** Opens the checkout, applies the filters and plans the selected pages. */
export function selectAndPlan(args: string[], opts: Record<string, unknown>, io: CliIO): Selected {
  const grep = str(opts.grep);
  if (grep !== undefined) {
    try {
      new RegExp(grep);
    } catch (e) {
      io.stderr.write(`docval: --grep is not a valid regular expression: ${(e as Error).message}\n`);
      return { code: EXIT_USAGE };
    }
  }
  const badDeployment = list(opts.deployment)?.find((d) => d !== "on-prem" && d !== "konnect");
  if (badDeployment !== undefined) {
    io.stderr.write(`docval: --deployment must be on-prem or konnect, got '${badDeployment}'\n`);
    return { code: EXIT_USAGE };
  }
  const opened = openCheckout(args, { cwd: io.cwd, root: str(opts.root), configFile: str(opts.config) });
  printDiagnostics(io, opened.diagnostics);
  const fatal = opened.diagnostics.some((d) => (d.kind === "usage" || d.kind === "config") && d.severity !== "warning");
  if (!opened.checkout || fatal) {
    io.stderr.write("Run `docval plan --help` for usage.\n");
    return { code: EXIT_USAGE };
  }
  const products = list(opts.product);
  const deployments = list(opts.deployment) as Deployment[] | undefined;
  const planOpts: PlanOptions = { products, deployments, grep };
  const plan = buildPlan(opened.checkout, opened.pageFiles, planOpts);
  plan.pages = plan.pages.filter(
    (p) =>
      (!products || p.products.some((x) => products.includes(x))) &&
      (!deployments || p.variants.some((v) => deployments.includes(v.deployment))),
  );
  let errors = 0;
  for (const p of plan.pages) {
    if (p.error) errors++;
    printDiagnostics(io, p.diagnostics);
  }
  return { plan, code: errors ? EXIT_FAILED : EXIT_OK };
}

export const command: CommandSpec = {
  name: "plan",
  summary: "Print the test plan of each page (human-readable or --json)",
  description: [
    "Reads the pages of a docs checkout and prints what `docval run` would do for each: per page and",
    "deployment variant, the numbered steps (apply a decK config, send a request and check the answer,",
    "set env, run a shell command, or unsupported with the reason) with the file and line each comes from.",
    "With --json prints the plan contract (docs/plan-json.md). Malformed pages are reported on stderr",
    "with file and line and listed with their error; the exit code is then 1.",
  ].join("\n"),
  args: "[paths...]",
  options: SELECT_OPTIONS,
  examples: [
    "docval plan fixtures/demo-docs",
    "docval plan app/_how-tos/ai-gateway/set-up-ai-proxy-for-image-generation-with-grok.md",
    "docval plan . --json --product ai-gateway > plan.json",
    "docval plan . --grep rate-limit --deployment on-prem",
  ],
  async run(args, opts, io) {
    const r = selectAndPlan(args, opts, io);
    if (!r.plan) return r.code;
    io.stdout.write(opts.json ? `${JSON.stringify(r.plan, null, 2)}\n` : formatPlan(r.plan.pages));
    return r.code;
  },
};
