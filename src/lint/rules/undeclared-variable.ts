import { textLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";
import { didYouMean } from "../../core/suggest.js";
import { variablesOf } from "../variables.js";

export default defineRule({
  id: "undeclared-variable",
  summary: "Every `${var}` in an entity block must be declared under `variables`",
  defaultSeverity: "error",
  docs: {
    description: "Only declared names are substituted; an undeclared `${name}` reaches decK verbatim, so the gateway gets the literal text instead of the value.",
    example: "{% entity_examples %}\nentities:\n  plugins:\n    - name: key-auth\n      config:\n        key_names: [${header}]\n{% endentity_examples %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      const v = variablesOf(block);
      if (!v) continue;
      for (const name of v.used) {
        if (v.declared.has(name)) continue;
        report({
          block,
          line: textLine(block, `\${${name}}`),
          message: `Unexpected undeclared variable \${${name}}`,
          hint: didYouMean(name, v.declared.keys()) ?? `declare it:\nvariables:\n  ${name}:\n    value: $${name.toUpperCase().replace(/-/g, "_")}`,
        });
      }
    }
  },
});
