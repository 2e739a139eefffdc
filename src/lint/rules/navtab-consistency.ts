import type { Block } from "../../docs/model.js";
import { isRecord } from "../entities.js";
import { defineRule } from "../rule.js";

const DEFAULT_STATUS: Record<string, number> = { "rate-limit-check": 429, "unauthorized-check": 401, "traffic-generator": 200 };

/** What the request sends; tabs that send different requests may expect different outcomes. */
function request(b: Block): string {
  const d = isRecord(b.data) ? b.data : {};
  return JSON.stringify([d.url, d.method, d.body, d.command]);
}

function expectation(b: Block): string {
  const d = isRecord(b.data) ? b.data : {};
  const status = d.status_code ?? DEFAULT_STATUS[b.type ?? ""] ?? "none";
  return `${b.type} ${String(status)}`;
}

export default defineRule({
  id: "navtab-consistency",
  summary: "Sibling navtabs should expect the same outcome at the same step",
  defaultSeverity: "warning",
  docs: {
    description:
      "Tabs usually show the same procedure for different clients or providers. When the n-th validation of one tab sends the " +
      "same request as the n-th of its sibling but expects a different type or status, one of them is likely wrong; fix it, or " +
      "suppress with a comment that says why.",
    example:
      '{% navtabs "client" %}\n{% navtab "cURL" %}\n{% validation request-check %}\nurl: /anything\nstatus_code: 200\n{% endvalidation %}\n{% endnavtab %}\n' +
      '{% navtab "HTTPie" %}\n{% validation request-check %}\nurl: /anything\nstatus_code: 201\n{% endvalidation %}\n{% endnavtab %}\n{% endnavtabs %}',
  },
  check({ page }, report) {
    // group → tab title → validations in order
    const groups = new Map<string, Map<string, Block[]>>();
    for (const b of page.blocks) {
      if (b.tag !== "validation" || b.tabs.length === 0) continue;
      const group = `${b.section}\u0000${b.tabs.slice(0, -1).join("\u0000")}`;
      const tab = b.tabs[b.tabs.length - 1];
      let g = groups.get(group);
      if (!g) groups.set(group, (g = new Map()));
      g.set(tab, [...(g.get(tab) ?? []), b]);
    }
    for (const tabs of groups.values()) {
      if (tabs.size < 2) continue;
      const [firstTab, first] = [...tabs.entries()][0];
      for (const [tab, blocks] of [...tabs.entries()].slice(1)) {
        for (let i = 0; i < Math.min(first.length, blocks.length); i++) {
          const a = expectation(first[i]);
          const b = expectation(blocks[i]);
          if (a === b || request(first[i]) !== request(blocks[i])) continue;
          report({
            block: blocks[i],
            message: `Unexpected difference between navtabs: '${tab}' expects ${b} where '${firstTab}' expects ${a}`,
            hint: "make the tabs agree, or say in the text why they differ and suppress this warning",
          });
        }
      }
    }
  },
});
