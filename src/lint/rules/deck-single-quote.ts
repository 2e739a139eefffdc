import { parseYaml } from "../../docs/yaml.js";
import { isRecord } from "../entities.js";
import { textLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

interface Hit {
  path: string;
  value: string;
  why: "quote" | "retyped";
}

const CANDIDATE = /^[-+.~0-9A-Za-z_:]{1,40}$/;
const WORDS = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** How the site's Ruby YAML (Psych, YAML 1.1) reads a plain scalar; the reader uses the same rules. */
function parse(s: string): unknown {
  return parseYaml(s).value;
}

/**
 * A string the site's YAML emitter would single-quote because, unquoted, Psych reads it as another
 * type (`y` and `n` stay strings in Psych, unlike in the YAML 1.1 spec).
 */
function looksTyped(s: string): boolean {
  if (!CANDIDATE.test(s) || !(/^[-+.~\d]/.test(s) || WORDS.test(s))) return false;
  try {
    const v: unknown = parse(s);
    return v === null || typeof v === "number" || typeof v === "boolean";
  } catch {
    return false;
  }
}

function walk(v: unknown, path: string, out: Hit[]): void {
  if (typeof v === "string") {
    if (v.includes("'")) out.push({ path, value: v, why: "quote" });
    else if (looksTyped(v)) out.push({ path, value: v, why: "retyped" });
  } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, out));
  else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === "condition") continue; // the site rewrites `condition: '…'` lines to double quotes
      walk(x, path ? `${path}.${k}` : k, out);
    }
  }
}

export default defineRule({
  id: "deck-single-quote",
  summary: "entity_examples values must survive the page's `echo '…' | deck gateway apply -`",
  defaultSeverity: "error",
  docs: {
    description:
      "The site prints the entities inside `echo '…'`. A single quote in a value ends the shell string early, and a string such as " +
      "`'1.0'` or `'on'` that the YAML emitter single-quotes loses its quotes in the shell and reaches decK as a number or boolean. " +
      "Escape a quote as `'\\''` in the source, or rephrase.",
    example: "{% entity_examples %}\nentities:\n  plugins:\n    - name: ai-prompt-decorator\n      config:\n        prompts:\n          prepend:\n            - role: system\n              content: Don't answer in French\n{% endentity_examples %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      if (block.tag !== "entity_examples" || !isRecord(block.data)) continue;
      if (block.raw.includes("'\\''")) continue; // the author already shell-escaped the body by hand
      const hits: Hit[] = [];
      walk(block.data.entities, "", hits);
      for (const h of hits) {
        report({
          block,
          line: textLine(block, h.why === "quote" ? "'" : h.value),
          message:
            h.why === "quote"
              ? `Unexpected single quote in ${h.path}: it ends the page's echo '…' string`
              : `Unexpected string ${JSON.stringify(h.value)} in ${h.path}: rendered as '${h.value}' inside echo '…', it reaches decK unquoted as a ${typeof parse(h.value) === "boolean" ? "boolean" : "number or null"}`,
          hint: h.why === "quote" ? "write the quote as '\\'' or avoid it" : "choose a value that is not a bare number or boolean, or report the rendering problem",
        });
      }
    }
  },
});
