import { keySpec } from "../block-keys.js";
import { isRecord } from "../entities.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "block-required-key",
  summary: "Blocks must have the keys their type requires (`url`, `iterations`, …)",
  defaultSeverity: "error",
  docs: {
    description:
      "A request-check needs `url`; a rate-limit-check needs `iterations` and `url`; entity_examples needs `entities`. " +
      "A request-check should also say which `status_code` it expects: without one nothing is asserted.",
    example: "{% validation rate-limit-check %}\nurl: /anything\n{% endvalidation %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      if (block.error) continue;
      const spec = keySpec(block.tag, block.type);
      if (!spec) continue;
      const data = isRecord(block.data) ? block.data : {};
      if (!isRecord(block.data) && spec.known !== "any") {
        report({ block, message: `Unexpected empty ${block.type ?? block.tag} block, expected a YAML mapping`, hint: `add ${spec.required.join(", ") || "its keys"}` });
        continue;
      }
      const missing = spec.required.filter((k) => data[k] === undefined || data[k] === null);
      if (block.type === "request-check" && data.status_code === undefined && data.skip !== true) missing.push("status_code");
      if (missing.length === 0) continue;
      report({
        block,
        message: `Missing ${missing.map((k) => `'${k}'`).join(", ")} in ${block.type ?? block.tag} block`,
        hint: missing.includes("status_code") ? "add the status the page promises, e.g. status_code: 200" : `add ${missing.join(", ")}`,
      });
    }
  },
});
