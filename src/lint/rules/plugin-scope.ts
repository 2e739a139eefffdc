import { pluginLine } from "../entities.js";
import { eachPluginUse } from "../plugin-versions.js";
import { textLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "plugin-scope",
  summary: "A plugin may only be scoped to entities its schema allows (auth plugins cannot be consumer-scoped)",
  defaultSeverity: "error",
  docs: {
    description:
      "The schema's top-level properties list which of service, route, consumer and consumer_group a plugin can attach to. " +
      "Kong rejects the rest (`consumer: value must be null`). A plugin nested under `consumers:` is consumer-scoped too.",
    example: "{% entity_examples %}\nentities:\n  plugins:\n    - name: key-auth\n      consumer: alex\n{% endentity_examples %}",
  },
  check(ctx, report) {
    eachPluginUse(ctx, ({ block, use, uses, versions, schemas, schemaName }) => {
      if (!schemas.has(versions.latest, schemaName)) return;
      const allowed = schemas.scopes(versions.latest, schemaName);
      const used = [...Object.keys(use.explicit), ...(use.nestedIn ? [use.nestedIn] : [])];
      for (const scope of used) {
        if (allowed.includes(scope)) continue;
        report({
          block,
          line: use.nestedIn === scope ? pluginLine(use, uses) : textLine(block, `${scope}:`, pluginLine(use, uses)),
          message: `Unexpected ${scope.replace("_", " ")} scope on plugin '${use.name}', which can only be scoped to: ${allowed.join(", ") || "nothing (global only)"}`,
          hint: use.nestedIn === scope ? `move the plugin out of ${scope}s` : `remove '${scope}:'`,
        });
      }
    });
  },
});
