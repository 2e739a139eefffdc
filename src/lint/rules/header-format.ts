import { isRecord } from "../entities.js";
import { textLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

const HEADER = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*:/;
const CURLY = /[\u2018\u2019\u201C\u201D]/;

export default defineRule({
  id: "header-format",
  summary: "Request headers must be `Name: value` strings",
  defaultSeverity: "error",
  docs: {
    description: "Each entry of `headers` becomes a curl `-H` argument. Without a colon, or with spaces or quotes in the name, the request goes out without the header the page relies on.",
    example: "{% validation request-check %}\nurl: /anything\nheaders:\n  - apikey hello\nstatus_code: 200\n{% endvalidation %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      if (block.tag === "entity_example" || !isRecord(block.data)) continue;
      const headers = block.data.headers;
      if (headers === undefined || headers === null) continue;
      if (!Array.isArray(headers)) {
        report({ block, message: "Unexpected headers value, expected a list of 'Name: value' strings", hint: "write headers:\\n  - 'Name: value'" });
        continue;
      }
      for (const h of headers) {
        if (typeof h === "string" && (HEADER.test(h.trim()) || CURLY.test(h))) continue; // curly quotes: curly-quotes reports
        const shown = typeof h === "string" ? h : JSON.stringify(h);
        report({
          block,
          line: textLine(block, typeof h === "string" ? h : isRecord(h) ? (Object.keys(h)[0] ?? "headers") : "headers"),
          message: `Unexpected header ${JSON.stringify(shown)}, expected 'Name: value'`,
          hint: typeof h === "string" ? "separate the name from the value with a colon; a name has no spaces or quotes" : "quote the whole header as one string",
        });
      }
    }
  },
});
