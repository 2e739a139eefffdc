import type { Block } from "../../docs/model.js";
import { createdBy, entitiesOf, isRecord, pluginsOf, type ScopeKind } from "../entities.js";
import { textLine } from "../../docs/block-lines.js";
import { defineRule } from "../rule.js";
import { didYouMean } from "../../core/suggest.js";

const ADMIN_PATH = /\/(services|routes|consumers|consumer_groups)(?:\/([^/?\s]+))?(?:\/(routes|plugins))?\/?(?:\?.*)?$/;
const KIND: Record<string, ScopeKind> = { services: "service", routes: "route", consumers: "consumer", consumer_groups: "consumer_group" };

/** Entities created with Admin API or Konnect API calls on the page (`POST /services` with a `name`). */
function createdByRequest(block: Block, into: Record<ScopeKind, Set<string>>): void {
  if (!isRecord(block.data) || typeof block.data.url !== "string") return;
  const method = String(block.data.method ?? (block.data.body !== undefined ? "POST" : "GET")).toUpperCase();
  if (method !== "POST" && method !== "PUT") return;
  const m = ADMIN_PATH.exec(block.data.url);
  if (!m) return;
  const kind = m[3] === "routes" ? "route" : m[3] === "plugins" ? undefined : KIND[m[1]];
  if (!kind) return;
  if (m[2] && !m[3]) into[kind].add(decodeURIComponent(m[2]));
  const body = block.data.body;
  if (isRecord(body)) for (const k of ["name", "username", "custom_id", "id"]) if (typeof body[k] === "string") into[kind].add(body[k] as string);
}

function refName(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (isRecord(v)) for (const k of ["name", "id", "username"]) if (typeof v[k] === "string") return v[k] as string;
  return undefined;
}

export default defineRule({
  id: "deck-unknown-reference",
  summary: "Name references (a plugin's `service: foo`) must point at entities an earlier step creates",
  defaultSeverity: "error",
  docs: {
    description:
      "decK resolves `service:`, `route:`, `consumer:` and `consumer_group:` names against the gateway. When no prereq, earlier block " +
      "or the same block creates that entity, `deck gateway apply` fails.",
    example: "{% entity_examples %}\nentities:\n  plugins:\n    - name: rate-limiting\n      service: no-such-service\n      config:\n        minute: 5\n{% endentity_examples %}",
  },
  check({ page }, report) {
    const known: Record<ScopeKind, Set<string>> = { service: new Set(), route: new Set(), consumer: new Set(), consumer_group: new Set() };
    // A fence that applies its own decK file or calls the Admin API may create anything: do not guess.
    if (page.blocks.some((b) => b.tag === "fence" && /deck\s+gateway\s+(apply|sync)|curl\b[^\n]*\b(services|routes|consumers)\b/.test(b.raw))) return;
    const ordered = [...page.blocks].sort((a, b) => (a.section === "prereqs" ? 0 : 1) - (b.section === "prereqs" ? 0 : 1));
    for (const block of ordered) {
      const created = createdBy(block);
      for (const kind of Object.keys(created) as ScopeKind[]) for (const n of created[kind]) known[kind].add(n);
      createdByRequest(block, known);
      const check = (kind: ScopeKind, value: unknown, needle: string) => {
        const name = refName(value);
        if (name === undefined || known[kind].has(name) || /\$\{/.test(name)) return;
        report({
          block,
          line: textLine(block, needle),
          message: `Unexpected reference to ${kind.replace("_", " ")} '${name}', which no earlier step on the page creates`,
          hint: didYouMean(name, known[kind]) ?? `create the ${kind.replace("_", " ")} first (prereqs.entities or an earlier entity_examples block)`,
        });
      };
      for (const p of pluginsOf(block)) for (const [kind, value] of Object.entries(p.explicit) as [ScopeKind, unknown][]) check(kind, value, refName(value) ?? kind);
      const entities = entitiesOf(block);
      if (entities && Array.isArray(entities.routes)) {
        for (const r of entities.routes) if (isRecord(r) && r.service !== undefined) check("service", r.service, refName(r.service) ?? "service");
      }
    }
  },
});
