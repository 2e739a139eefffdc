import { pluginLine } from "../entities.js";
import { eachPluginUse } from "../plugin-versions.js";
import { defineRule } from "../rule.js";
import { didYouMean } from "../../core/suggest.js";

export default defineRule({
  id: "plugin-unknown",
  summary: "Plugins must exist at the page's min_version and at the latest version",
  defaultSeverity: "error",
  docs: {
    description:
      "Checked against `app/_schemas/gateway/plugins/<version>/`: a plugin missing at the page's `min_version.gateway` means the page " +
      "promises more than that version can do; missing at the latest version means a typo or a removed plugin. Cloned plugins, " +
      "custom plugins the page installs, and third-party plugins with their own `app/_kong_plugins/<slug>/schema.json` are accepted.",
    example: "---\nmin_version:\n  gateway: '3.4'\n---\n{% entity_examples %}\nentities:\n  plugins:\n    - name: ai-proxy\n{% endentity_examples %}",
  },
  check(ctx, report) {
    eachPluginUse(ctx, ({ block, use, uses, versions, schemas, defined }) => {
      if (defined.clones.has(use.name) || /\$\{|\{\{/.test(use.name)) return;
      const line = pluginLine(use, uses);
      if (!schemas.has(versions.latest, use.name)) {
        if (defined.custom || ctx.exists(`app/_kong_plugins/${use.name}/schema.json`)) return;
        report({
          block,
          line,
          message: `Unexpected plugin '${use.name}': no schema at ${versions.latest}`,
          hint: didYouMean(use.name, schemas.plugins(versions.latest)) ?? "check the plugin name, or define it on the page (cloned_plugins)",
        });
        return;
      }
      for (const v of versions.check) {
        if (v === versions.latest || schemas.has(v, use.name)) continue;
        const first = schemas.versions().find((x) => schemas.has(x, use.name));
        report({
          block,
          line,
          message: `Unexpected plugin '${use.name}' for min_version ${versions.minWritten}: it first appears in ${first}`,
          hint: `raise min_version.gateway to '${first}'`,
        });
      }
    });
  },
});
