import { isRecord } from "../entities.js";
import { textLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

const CURLY = /[\u2018\u2019\u201C\u201D]/;
/** Values a shell or HTTP client reads literally; curly quotes in body text or prompts are content. */
const FIELDS = ["url", "on_prem_url", "konnect_url", "method", "headers", "user", "command", "cookie"];

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (isRecord(v)) return Object.values(v).flatMap(strings);
  return [];
}

export default defineRule({
  id: "curly-quotes",
  summary: "No curly quotes in URLs, headers or commands",
  defaultSeverity: "error",
  docs: {
    description:
      "Typographic quotes (‘ ’ “ ”) are not quotes to a shell or an HTTP client: a header written `‘Content-Type:application/json’` " +
      "sends a header named `‘Content-Type`. Usually pasted from a word processor.",
    example: "{% validation request-check %}\nurl: /anything\nheaders:\n  - ‘Content-Type:application/json’\nstatus_code: 200\n{% endvalidation %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      if (!isRecord(block.data) || block.tag === "entity_examples" || block.tag === "prereq_entities") continue;
      for (const field of FIELDS) {
        for (const s of strings(block.data[field])) {
          const m = CURLY.exec(s);
          if (!m) continue;
          report({
            block,
            line: textLine(block, m[0]),
            message: `Unexpected curly quote in ${field}: ${JSON.stringify(s)}`,
            hint: "use straight quotes (' or \") or none",
          });
        }
      }
    }
  },
});
