import { isRecord } from "../entities.js";
import { keyLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

const REQUEST_TAGS = new Set(["control_plane_request", "konnect_api_request"]);

export default defineRule({
  id: "body-without-method",
  summary: "A request with a `body` must say its `method`",
  defaultSeverity: "warning",
  docs: {
    description:
      "The rendered curl sends a body with `--json`, which makes curl POST, while a reader (and the old test tool) " +
      "sees no method and assumes GET. Say `method: POST` so the page and its tests mean the same request.",
    example: "{% validation request-check %}\nurl: /anything\nbody:\n  hello: world\nstatus_code: 200\n{% endvalidation %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      const isRequest = (block.tag === "validation" && (block.type === "request-check" || block.type === "traffic-generator")) || REQUEST_TAGS.has(block.tag);
      if (!isRequest || !isRecord(block.data)) continue;
      const d = block.data;
      if ((d.body === undefined && d.body_cmd === undefined) || d.method !== undefined) continue;
      report({
        block,
        line: keyLine(block, d.body !== undefined ? "body" : "body_cmd"),
        message: "Unexpected body without a method: the page's curl POSTs it",
        hint: "add method: POST",
      });
    }
  },
});
