import { defineRule } from "../rule.js";

export default defineRule({
  id: "page-read",
  summary: "The page must be readable: front matter parses and every Liquid tag is closed",
  defaultSeverity: "error",
  docs: {
    description: "When the front matter does not parse or a block tag is never closed, no other check can look at the page.",
    example: "---\ntitle: [unclosed\n---",
  },
  check({ page }, report) {
    if (!page.fatal) return;
    report({
      message: page.fatal.message,
      hint: page.fatal.hint,
      file: page.fatal.source?.file,
      line: page.fatal.source?.line ?? 1,
    });
  },
});
