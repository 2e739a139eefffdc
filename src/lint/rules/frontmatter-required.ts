import { isRecord } from "../entities.js";
import { findLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "frontmatter-required",
  summary: "How-to front matter must have title, products, permalink, content_type, tldr (and works_on for gateway pages)",
  defaultSeverity: "error",
  docs: {
    description:
      "The site's front-matter schema requires `title`, `products`, `permalink`, `content_type: how_to` and `tldr: {q, a}`; `works_on` is " +
      "required when `products` is exactly `[gateway]`, and decides which deployments a harness tests.",
    example: "---\ntitle: Rate limit a consumer\nproducts:\n  - gateway\ncontent_type: how_to\n---",
  },
  check({ page }, report) {
    if (page.fatal) return;
    const fm = page.frontMatter;
    const missing: string[] = [];
    for (const k of ["title", "products", "permalink", "content_type", "tldr"]) if (fm[k] === undefined || fm[k] === null || fm[k] === "") missing.push(k);
    const products = Array.isArray(fm.products) ? fm.products : [];
    if (products.length === 1 && products[0] === "gateway" && fm.works_on === undefined) missing.push("works_on");
    if (missing.length) {
      report({ line: 1, message: `Missing front matter ${missing.map((k) => `'${k}'`).join(", ")}`, hint: `add ${missing.join(", ")}` });
    }
    if (fm.content_type !== undefined && fm.content_type !== "how_to") {
      report({ line: findLine(page.text, /^content_type:/) ?? 1, message: `Unexpected content_type '${String(fm.content_type)}', expected how_to` });
    }
    if (fm.tldr !== undefined && (!isRecord(fm.tldr) || fm.tldr.q === undefined || fm.tldr.a === undefined)) {
      report({ line: findLine(page.text, /^tldr:/) ?? 1, message: "Unexpected tldr, expected a mapping with q and a", hint: "tldr:\n  q: …\n  a: …" });
    }
    if (fm.products !== undefined && !Array.isArray(fm.products)) {
      report({ line: findLine(page.text, /^products:/) ?? 1, message: "Unexpected products value, expected a list", hint: "products:\n  - gateway" });
    }
  },
});
