/** `docval list [paths…]`: one line per page: file, products, variants, steps, skip reason. */
import { formatList, stepCount } from "../../plan/format.js";
import type { CommandSpec } from "../command.js";
import { SELECT_OPTIONS, selectAndPlan } from "./plan.js";

export const command: CommandSpec = {
  name: "list",
  summary: "List pages with products, variants, step count and skip reason",
  description: [
    "Lists the pages of a docs checkout, one line each: file, products, deployment variants, the",
    "number of steps of the first variant, and why the page is skipped or why it could not be read.",
    "With --json prints an array of {file, id, title, products, variants, steps, skip, error}.",
  ].join("\n"),
  args: "[paths...]",
  options: SELECT_OPTIONS,
  examples: ["docval list fixtures/demo-docs", "docval list . --product ai-gateway", "docval list . --grep oidc --json"],
  async run(args, opts, io) {
    const r = selectAndPlan(args, opts, io);
    if (!r.plan) return r.code;
    if (opts.json) {
      const rows = r.plan.pages.map((p) => ({
        file: p.file,
        id: p.id,
        title: p.title,
        products: p.products,
        variants: p.variants.map((v) => v.deployment),
        steps: stepCount(p),
        skip: p.skip,
        error: p.error,
      }));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      io.stdout.write(formatList(r.plan.pages));
    }
    return r.code;
  },
};
