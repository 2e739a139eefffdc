import { isRecord } from "../entities.js";
import { keyLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";
import { variablesOf } from "../variables.js";

export default defineRule({
  id: "deck-double-prefix",
  summary: "A variable's `value` must not start with `$DECK_` (the prefix is added for you)",
  defaultSeverity: "error",
  docs: {
    description: "The site turns `value: $X` into the decK env reference `DECK_X`; `value: $DECK_X` becomes `DECK_DECK_X`, which no prereq exports.",
    example: "{% entity_examples %}\nentities:\n  vaults:\n    - name: env\n      prefix: ${host}\nvariables:\n  host:\n    value: $DECK_REDIS_HOST\n{% endentity_examples %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      const v = variablesOf(block);
      if (!v) continue;
      for (const [name, decl] of v.declared) {
        const value = isRecord(decl) ? decl.value : undefined;
        if (typeof value !== "string" || !/^\$DECK_/.test(value.trim())) continue;
        const fixed = value.trim().replace(/^\$DECK_/, "$");
        report({
          block,
          line: keyLine(block, "value", keyLine(block, name)),
          message: `Unexpected DECK_ prefix in variable '${name}': ${value.trim()} is read from DECK_${value.trim().slice(1)}`,
          hint: `write value: ${fixed}`,
        });
      }
    }
  },
});
