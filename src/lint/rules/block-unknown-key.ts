import { keySpec } from "../block-keys.js";
import { isRecord } from "../entities.js";
import { keyLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";
import { didYouMean } from "../../core/suggest.js";

export default defineRule({
  id: "block-unknown-key",
  summary: "Block keys must be ones the block type knows",
  defaultSeverity: "error",
  docs: {
    description: "The site ignores keys a block type does not know, so a typo such as `status_cod` silently drops the expectation.",
    example: "{% validation request-check %}\nurl: /anything\nstatus_cod: 200\n{% endvalidation %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      const spec = keySpec(block.tag, block.type);
      if (!spec || spec.known === "any" || !isRecord(block.data)) continue;
      for (const key of Object.keys(block.data)) {
        if (spec.known.includes(key)) continue;
        report({
          block,
          line: keyLine(block, key),
          message: `Unexpected key '${key}' in ${block.type ?? block.tag} block`,
          hint: didYouMean(key, spec.known) ?? `known keys: ${spec.known.join(", ")}`,
        });
      }
    }
  },
});
