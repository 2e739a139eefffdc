import { defineRule } from "../rule.js";

export default defineRule({
  id: "block-yaml",
  summary: "A block's YAML body must parse",
  defaultSeverity: "error",
  docs: {
    description: "The site parses every block body as YAML (1.1, as Ruby does). A body that does not parse fails the docs build and gives a harness nothing to run.",
    example: "{% validation request-check %}\nurl: /anything\nheaders:\n  - 'apikey: hello\n{% endvalidation %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      // prereq_entities errors are missing data files: prereq-entity-missing reports those.
      if (!block.error || block.tag === "prereq_entities") continue;
      report({
        block,
        line: block.error.source?.line ?? block.bodyLine,
        file: block.error.source?.file ?? block.source.file,
        message: block.error.message,
        hint: "fix the YAML syntax (indentation, an unclosed quote, a tab)",
      });
    }
  },
});
