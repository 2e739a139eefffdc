import { VALIDATION_TYPES } from "../block-keys.js";
import { defineRule } from "../rule.js";
import { didYouMean } from "../../core/suggest.js";

export default defineRule({
  id: "validation-type",
  summary: "`{% validation TYPE %}` must name a known validation type",
  defaultSeverity: "error",
  docs: {
    description: "An unknown TYPE fails the docs build. Known types: " + VALIDATION_TYPES.join(", ") + ".",
    example: "{% validation request-chek %}\nurl: /anything\nstatus_code: 200\n{% endvalidation %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      if (block.tag !== "validation") continue;
      const type = block.type ?? "";
      if (VALIDATION_TYPES.includes(type)) continue;
      report({
        block,
        message: `Unexpected validation type '${type}', expected one of: ${VALIDATION_TYPES.join(", ")}`,
        hint: didYouMean(type, VALIDATION_TYPES),
      });
    }
  },
});
