import { SCOPE_KEYS } from "../../schemas/plugins.js";
import type { Block } from "../../docs/model.js";
import { keyLine } from "../../docs/block-lines.js";
import { pluginLine } from "../entities.js";
import { eachPluginUse } from "../plugin-versions.js";
import { defineRule } from "../rule.js";
import { didYouMean } from "../../core/suggest.js";

/** Line of a field path under the plugin's entry: each segment's key searched after the previous one. */
function pathLine(block: Block, pluginLine: number, path: string[]): number {
  let line = pluginLine;
  for (const seg of path) if (!/^\d+$/.test(seg)) line = keyLine(block, seg, line);
  return line;
}

export default defineRule({
  id: "plugin-config",
  summary: "Plugin `config` must validate against the plugin's schema (types, enums, required, unknown keys, references)",
  defaultSeverity: "error",
  docs: {
    description:
      "Each plugin's config is validated against its JSON schema at the page's `min_version.gateway` and at the latest version, with an " +
      "unknown-key walk (the schemas do not close their objects, Kong does). `${var}` and decK env references stand in for any value; " +
      "`{vault://…}` is accepted only on fields the schema marks referenceable; `null` means unset.",
    example: "{% entity_examples %}\nentities:\n  plugins:\n    - name: rate-limiting\n      config:\n        minit: 5\n        policy: fast\n{% endentity_examples %}",
  },
  check(ctx, report) {
    eachPluginUse(ctx, ({ block, use, uses, versions, schemas, schemaName }) => {
      const nameLine = pluginLine(use, uses);
      const byMessage = new Map<string, { path: string[]; message: string; versions: string[] }>();
      for (const v of versions.check) {
        if (!schemas.has(v, schemaName)) continue;
        const result = schemas.validate(v, schemaName, use.entity);
        const errors = result.errors.filter((e) => !(SCOPE_KEYS as readonly string[]).includes(e.path[0]));
        for (const r of result.references ?? []) {
          if (r.kind === "vault" && !r.referenceable) errors.push({ path: r.path, message: "not referenceable: {vault://…} is not accepted here" });
        }
        for (const e of errors) {
          const k = `${e.path.join(".")}\u0000${e.message}`;
          const prev = byMessage.get(k);
          if (prev) prev.versions.push(v);
          else byMessage.set(k, { ...e, versions: [v] });
        }
      }
      for (const e of byMessage.values()) {
        const field = e.path.join(".");
        let hint: string | undefined;
        if (e.message === "unknown field") {
          let s = schemas.schema(versions.latest, schemaName);
          for (const seg of e.path.slice(0, -1)) s = /^\d+$/.test(seg) ? s?.items : s?.properties?.[seg];
          hint = s?.properties ? didYouMean(e.path[e.path.length - 1], Object.keys(s.properties)) : undefined;
        }
        report({
          block,
          line: pathLine(block, nameLine, e.path),
          message: `Unexpected ${use.name} ${field}: ${e.message} (schema ${e.versions.join(", ")})`,
          hint,
        });
      }
    });
  },
});
