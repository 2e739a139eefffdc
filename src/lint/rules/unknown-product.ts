import { escapeRe, findLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";
import { didYouMean } from "../../core/suggest.js";

export const PRODUCTS = [
  "ai-gateway", "gateway", "insomnia", "mesh", "kic", "catalog", "observability", "dev-portal", "operator", "konnect",
  "event-gateway", "konnect-reference-platform", "metering-and-billing", "identity",
];

export default defineRule({
  id: "unknown-product",
  summary: "`products` values must be known products",
  defaultSeverity: "error",
  docs: {
    description: "The site's schema lists the products; an unknown one fails the build and decides nothing about testing.",
    example: "---\nproducts:\n  - gateways\n---",
  },
  check({ page }, report) {
    const products = page.frontMatter.products;
    if (!Array.isArray(products)) return;
    for (const p of products) {
      if (typeof p === "string" && PRODUCTS.includes(p)) continue;
      report({
        line: findLine(page.text, new RegExp(`^\\s*-\\s*["']?${escapeRe(String(p))}["']?\\s*$`)) ?? 1,
        message: `Unexpected product '${String(p)}'`,
        hint: didYouMean(String(p), PRODUCTS) ?? `known products: ${PRODUCTS.join(", ")}`,
      });
    }
  },
});
