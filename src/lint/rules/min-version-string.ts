import { isRecord } from "../entities.js";
import { escapeRe, findLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "min-version-string",
  summary: "`min_version` values must be quoted strings ('3.10', not 3.10)",
  defaultSeverity: "error",
  docs: {
    description: "YAML reads an unquoted `3.10` as the number 3.1, so the page would be gated on the wrong version. Quote every version.",
    example: "---\nmin_version:\n  gateway: 3.10\n---",
  },
  check({ page }, report) {
    const mv = page.frontMatter.min_version;
    if (mv === undefined || mv === null) return;
    if (!isRecord(mv)) {
      report({ line: findLine(page.text, /^min_version:/) ?? 1, message: "Unexpected min_version, expected a map of product to version", hint: "min_version:\n  gateway: '3.10'" });
      return;
    }
    for (const [product, value] of Object.entries(mv)) {
      if (typeof value === "string") continue;
      const line = findLine(page.text, new RegExp(`^\\s+${escapeRe(product)}:`));
      const written = line ? page.text.split("\n")[line - 1].split(":").slice(1).join(":").trim() : String(value);
      report({
        line: line ?? 1,
        message: `Unexpected unquoted min_version.${product}: ${written} is read as the ${typeof value} ${String(value)}`,
        hint: `write ${product}: '${written}'`,
      });
    }
  },
});
