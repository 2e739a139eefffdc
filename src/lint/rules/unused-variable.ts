import { keyLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";
import { variablesOf } from "../variables.js";

export default defineRule({
  id: "unused-variable",
  summary: "Every declared variable must be used as `${var}`",
  defaultSeverity: "warning",
  docs: {
    description: "A declared but unused variable usually means a misspelled reference, and it makes the reader export an env var for nothing.",
    example: "{% entity_examples %}\nentities:\n  plugins:\n    - name: key-auth\nvariables:\n  api_key:\n    value: $API_KEY\n{% endentity_examples %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      const v = variablesOf(block);
      if (!v) continue;
      for (const name of v.declared.keys()) {
        if (v.used.has(name)) continue;
        report({
          block,
          line: keyLine(block, name),
          message: `Unexpected unused variable '${name}'`,
          hint: `reference it as \${${name}} or remove it from variables`,
        });
      }
    }
  },
});
