import { isRecord } from "../entities.js";
import { escapeRe, findLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "prereq-entity-missing",
  summary: "`prereqs.entities` names must have data files",
  defaultSeverity: "error",
  docs: {
    description:
      "Each name under `prereqs.entities.<kind>` is read from `app/_data/entity_examples/<product>/<kind>/<name>.yml|.yaml`, where " +
      "product is `prereqs.entities_product` or the first of `products`. A missing file fails the docs build.",
    example: "---\nproducts:\n  - gateway\nprereqs:\n  entities:\n    services:\n      - no-such-service\n---",
  },
  check(ctx, report) {
    const fm = ctx.page.frontMatter;
    const prereqs = fm.prereqs;
    if (!isRecord(prereqs) || !isRecord(prereqs.entities)) return;
    const products = Array.isArray(fm.products) ? fm.products : [];
    let product = String(prereqs.entities_product ?? products[0] ?? "gateway");
    if (product === "operator") product = "kic";
    for (const [kind, names] of Object.entries(prereqs.entities)) {
      if (!Array.isArray(names)) continue;
      for (const name of names) {
        const base = `${ctx.checkout.layout.data}/entity_examples/${product}/${kind}/${String(name)}`;
        if (ctx.exists(`${base}.yml`) || ctx.exists(`${base}.yaml`)) continue;
        report({
          line: findLine(ctx.page.text, new RegExp(`^\\s*-\\s*["']?${escapeRe(String(name))}["']?\\s*$`)) ?? 1,
          message: `Unexpected prereq entity '${String(name)}': no ${base}.yml`,
          hint: `add the data file, or use an existing name under ${ctx.checkout.layout.data}/entity_examples/${product}/${kind}/`,
        });
      }
    }
  },
});
