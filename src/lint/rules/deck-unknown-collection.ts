import { entitiesOf } from "../entities.js";
import { keyLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";
import { didYouMean } from "../../core/suggest.js";

/** Top-level collections of a decK file (decK's file format), plus what `--include-plugin-definitions` adds. */
export const DECK_COLLECTIONS = [
  "services", "routes", "consumers", "consumer_groups", "plugins", "upstreams", "certificates", "ca_certificates",
  "snis", "vaults", "keys", "key_sets", "partials", "custom_entities", "filter_chains", "licenses",
  "cloned_plugins", "custom_plugins", "workspaces", "rbac_roles", "rbac_endpointpermissions",
  "document_objects", "degraphql_routes", "graphql_ratelimiting_cost_decorations",
];

export default defineRule({
  id: "deck-unknown-collection",
  summary: "entity_examples `entities` keys must be decK collections holding lists",
  defaultSeverity: "error",
  docs: {
    description: "decK rejects a file with an unknown top-level key (`plugin:` for `plugins:`), and every collection is a list of entities.",
    example: "{% entity_examples %}\nentities:\n  plugin:\n    - name: key-auth\n{% endentity_examples %}",
  },
  check({ page }, report) {
    for (const block of page.blocks) {
      if (block.tag !== "entity_examples") continue;
      const entities = entitiesOf(block);
      if (!entities) continue;
      for (const [key, value] of Object.entries(entities)) {
        if (!DECK_COLLECTIONS.includes(key)) {
          report({ block, line: keyLine(block, key), message: `Unexpected decK collection '${key}'`, hint: didYouMean(key, DECK_COLLECTIONS) ?? `known collections: ${DECK_COLLECTIONS.join(", ")}` });
        } else if (!Array.isArray(value)) {
          report({ block, line: keyLine(block, key), message: `Unexpected ${value === null ? "empty" : typeof value} '${key}', expected a list of entities`, hint: `write ${key}:\n  - name: …` });
        }
      }
    }
  },
});
