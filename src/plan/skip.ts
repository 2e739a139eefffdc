/** Whole-page skip rules, with the reason as data (DESIGN §2.8, kong-docs-format §1.2). */
import { DEFAULT_PRODUCTS } from "../core/config.js";
import type { SkipRule } from "./model.js";

export function pageSkip(
  frontMatter: Record<string, unknown>,
  text: string,
  products: string[] | undefined,
): { reason: string; rule: SkipRule } | null {
  const at = frontMatter.automated_tests;
  if (at === false) return { reason: "automated_tests: false", rule: "automated-tests-false" };
  if (frontMatter.published === false) return { reason: "published: false", rule: "unpublished" };
  if (text.includes("@todo")) return { reason: "the page contains @todo", rule: "todo" };
  const wanted = products && products.length ? products : DEFAULT_PRODUCTS;
  const pageProducts = Array.isArray(frontMatter.products) ? frontMatter.products.map(String) : [];
  if (!pageProducts.some((p) => wanted.includes(p))) {
    return {
      reason: `products [${pageProducts.join(", ")}] not in the tested set [${wanted.join(", ")}]`,
      rule: "product",
    };
  }
  if (at && typeof at === "object" && (at as Record<string, unknown>).standalone_gateway === true) {
    return { reason: "automated_tests.standalone_gateway: the page starts its own gateway", rule: "standalone-gateway" };
  }
  return null;
}
