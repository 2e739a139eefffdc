import { isRecord } from "../entities.js";
import { escapeRe, findLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

const INCLUDE = /\{%-?\s*include(?:_cached)?\s+([^\s%{}]+)/g;

export default defineRule({
  id: "include-missing",
  summary: "Included files (`include_content`, `{% include %}`) must exist",
  defaultSeverity: "error",
  docs: {
    description: "`include_content: prereqs/xai` reads `app/_includes/prereqs/xai.md`, and `{% include path %}` reads `app/_includes/path`. A missing file fails the docs build.",
    example: "---\nprereqs:\n  inline:\n    - title: xAI\n      include_content: prereqs/no-such-card\n---",
  },
  check(ctx, report) {
    const { page } = ctx;
    const inc = ctx.checkout.layout.includes;
    for (const section of ["prereqs", "cleanup"]) {
      const s = page.frontMatter[section];
      if (!isRecord(s) || !Array.isArray(s.inline)) continue;
      for (const item of s.inline) {
        if (!isRecord(item) || typeof item.include_content !== "string") continue;
        const path = `${inc}/${item.include_content.replace(/^\//, "")}.md`;
        if (ctx.exists(path)) continue;
        report({
          line: findLine(page.text, new RegExp(`include_content:\\s*["']?${escapeRe(item.include_content)}`)) ?? 1,
          message: `Unexpected include_content '${item.include_content}': no ${path}`,
          hint: "write the path under app/_includes without the .md extension",
        });
      }
    }
    const lines = page.text.split("\n");
    lines.forEach((text, i) => {
      for (const m of text.matchAll(INCLUDE)) {
        const path = `${inc}/${m[1].replace(/^\//, "")}`;
        if (ctx.exists(path)) continue;
        report({ line: i + 1, message: `Unexpected include '${m[1]}': no ${path}`, hint: "check the path under app/_includes" });
      }
    });
  },
});
