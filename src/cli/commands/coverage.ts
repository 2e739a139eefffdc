/** `docval coverage [paths…]`: what the docs CI really protects, per product. */
import { coverageOf, formatCoverage } from "../../report/coverage.js";
import type { CommandSpec } from "../command.js";
import { EXIT_OK } from "../exit.js";
import { SELECT_OPTIONS, selectAndPlan } from "./plan.js";

export const command: CommandSpec = {
  name: "coverage",
  summary: "Show which pages are tested, skipped or unvalidated",
  description: [
    "Plans the pages (no gateway needed) and sorts each into: tested (at least one check runs), skipped",
    "(with the reason: automated_tests: false, product, deployment, version), unsupported (only blocks docval",
    "cannot run, named), no-validation (nothing to check), or error (the page could not be read).",
    "Prints a table per product and the pages that are not tested; with --json the same as data.",
    "Exits 0 unless the command line or config is wrong (2).",
  ].join("\n"),
  args: "[paths...]",
  options: SELECT_OPTIONS,
  examples: ["docval coverage .", "docval coverage app/_how-tos --product ai-gateway", "docval coverage . --json > coverage.json"],
  async run(args, opts, io) {
    const r = selectAndPlan(args, opts, io);
    if (!r.plan) return r.code;
    const report = coverageOf(r.plan.pages);
    io.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatCoverage(report));
    return EXIT_OK;
  },
};
