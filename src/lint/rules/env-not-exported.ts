import type { Block } from "../../docs/model.js";
import { isRecord } from "../entities.js";
import { textLine } from "../../docs/block-lines.js";
import { defineRule, type LintContext } from "../rule.js";
import { deckEnvName, variablesOf } from "../variables.js";

/** Set by the quickstart, the Konnect card or the runtime, never by a page. */
const PROVIDED = new Set([
  "KONNECT_TOKEN", "KONNECT_PROXY_URL", "KONNECT_CONTROL_PLANE_URL", "KONNECT_CONTROL_PLANE_ID",
  "DECK_KONNECT_TOKEN", "DECK_KONNECT_CONTROL_PLANE_NAME", "KONG_LICENSE_DATA", "PROXY_IP",
]);
const REQUEST_FIELDS = ["url", "headers", "body", "user", "form_data", "on_prem_url", "konnect_url", "cookie"];
const DOLLAR = /\$\{?([A-Z][A-Z0-9_]*)\}?/g;
/** `export NAME=`, `NAME=$(…)`, `read NAME` and `env NAME` all leave NAME set in the reader's shell. */
const ASSIGN = /(?:^|[\s;&|(])(?:export\s+)?([A-Z][A-Z0-9_]*)=/g;

function exportedIn(text: string, into: Set<string>): void {
  for (const m of text.matchAll(ASSIGN)) into.add(m[1]);
  for (const m of text.matchAll(/\bexport\s+([A-Z][A-Z0-9_]*)\b/g)) into.add(m[1]);
}

function includeTexts(ctx: LintContext): string[] {
  const fm = ctx.page.frontMatter;
  const paths = new Set(ctx.page.includes);
  for (const section of [fm.prereqs, fm.cleanup]) {
    if (!isRecord(section) || !Array.isArray(section.inline)) continue;
    for (const item of section.inline) {
      if (isRecord(item) && typeof item.include_content === "string") paths.add(`${ctx.checkout.layout.includes}/${item.include_content.replace(/^\//, "")}.md`);
    }
  }
  return [...paths].map((p) => ctx.readFile(p) ?? "");
}

function extracted(block: Block, into: Set<string>): void {
  if (!isRecord(block.data)) return;
  for (const key of ["extract_body", "extract_headers", "capture"]) {
    const v = block.data[key];
    if (typeof v === "string") into.add(v);
    if (Array.isArray(v)) for (const e of v) if (isRecord(e) && typeof e.variable === "string") into.add(e.variable);
  }
  if (block.tag === "env_variables" || block.type === "env-variables") for (const k of Object.keys(block.data)) into.add(k);
}

export default defineRule({
  id: "env-not-exported",
  summary: "Env names the blocks need must be exported somewhere on the page (a prereq, an env_variables block)",
  defaultSeverity: "warning",
  docs: {
    description:
      "A `variables:` entry `value: $API_KEY` makes decK read `DECK_API_KEY`, and a request header `$TOKEN` reads `TOKEN`. " +
      "A reader following the page only has what the page told them to export (an `include_content` prereq, an inline prereq, " +
      "an `{% env_variables %}` block, or an extracted value).",
    example: "{% entity_examples %}\nentities:\n  plugins:\n    - name: ai-proxy\n      config:\n        auth:\n          header_value: Bearer ${key}\nvariables:\n  key:\n    value: $OPENAI_KEY\n{% endentity_examples %}",
  },
  check(ctx, report) {
    const { page } = ctx;
    const exported = new Set<string>(PROVIDED);
    exportedIn(page.text, exported);
    for (const t of includeTexts(ctx)) exportedIn(t, exported);
    for (const block of page.blocks) {
      extracted(block, exported);
      if (block.tag === "fence") exportedIn(block.raw, exported);
    }
    const seen = new Set<string>();
    const need = (block: Block, name: string, needle: string) => {
      if (exported.has(name) || seen.has(name)) return;
      seen.add(name);
      report({
        block,
        line: textLine(block, needle),
        message: `Unexpected env name ${name} that the page never tells the reader to export`,
        hint: `add a prereq that exports ${name} (for example an include_content card or an {% env_variables %} block)`,
      });
    };
    for (const block of page.blocks) {
      const v = variablesOf(block);
      if (v) {
        for (const decl of v.declared.values()) {
          const value = isRecord(decl) ? decl.value : undefined;
          const env = deckEnvName(value);
          if (env && !env.startsWith("DECK_DECK_") && /^[A-Z0-9_]+$/.test(env)) need(block, env, String(value));
        }
        continue;
      }
      if ((block.tag === "validation" || block.tag === "control_plane_request") && isRecord(block.data) && block.data.skip !== true) {
        const text = JSON.stringify(REQUEST_FIELDS.map((f) => (block.data as Record<string, unknown>)[f]));
        for (const m of text.matchAll(DOLLAR)) need(block, m[1], m[0]);
      }
    }
  },
});
