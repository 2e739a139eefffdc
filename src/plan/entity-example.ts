/**
 * The singular `{% entity_example %}` (kong-docs-format §3): only its admin-api format is a test
 * on the rendered page: a POST of the entity to the Admin API expecting 201 (on-prem only).
 */
import { readVariables, substituteVariables } from "../deck/env-refs.js";
import type { RequestSpec } from "./model.js";
import { splitHeader } from "./request.js";

const ENDPOINTS: Record<string, string> = {
  consumer: "/consumers/",
  consumer_group: "/consumer_groups/",
  route: "/routes/",
  service: "/services/",
  upstream: "/upstreams/",
  target: "/upstreams/{upstream}/targets/",
  workspace: "/workspaces/",
  vault: "/vaults/",
  certificate: "/certificates/",
  sni: "/snis/",
  ca_certificate: "/ca_certificates/",
  rbac: "/rbac/users/",
  admin: "/admins/register/",
  group: "/groups/",
  license: "/licenses/",
  key: "/keys/",
  "key-set": "/key-sets/",
  key_set: "/key-sets/",
  keyring: "/keyring/",
  event_hook: "/event-hooks/",
  partial: "/partials/",
};

const SCOPES = ["service", "route", "consumer", "consumer_group"] as const;

type Rec = Record<string, unknown>;

export function entityFormats(data: Rec, tools: unknown): string[] {
  const f = Array.isArray(data.formats) ? data.formats : Array.isArray(tools) ? tools : [];
  return f.map(String);
}

/** The Admin API request for an entity_example, or why there is none. */
export function adminApiRequest(data: Rec, adminBase: string): { request?: RequestSpec; problem?: string; undeclared: string[] } {
  const type = typeof data.type === "string" ? data.type : "";
  const entity = data.data;
  if (!type || !entity || typeof entity !== "object" || Array.isArray(entity)) {
    return { problem: "entity_example needs 'type' and a 'data' mapping", undeclared: [] };
  }
  const { vars } = readVariables(data.variables);
  const sub = substituteVariables(entity as Rec, vars, "raw");
  const body: Rec = { ...sub.value };
  let path: string | undefined;
  if (type === "plugin") {
    path = "/plugins/";
    for (const scope of SCOPES) {
      const v = body[scope];
      if (v !== undefined) {
        const name = typeof v === "object" && v !== null ? String((v as Rec).name ?? (v as Rec).id ?? "") : String(v);
        path = `/${scope === "consumer_group" ? "consumer_groups" : `${scope}s`}/${name}/plugins/`;
        delete body[scope];
        break;
      }
    }
  } else {
    path = ENDPOINTS[type];
    if (type === "target" && typeof body.upstream === "string") {
      path = `/upstreams/${body.upstream}/targets/`;
      delete body.upstream;
    }
  }
  if (!path) return { problem: `entity_example type '${type}' has no Admin API endpoint`, undeclared: sub.undeclared };
  const headers = [
    { name: "Accept", value: "application/json" },
    { name: "Content-Type", value: "application/json" },
  ];
  const extra = (data.headers as Rec | undefined)?.["admin-api"];
  if (Array.isArray(extra)) for (const h of extra) {
    const split = splitHeader(h);
    if (split) headers.push(split);
  }
  return {
    request: { method: "POST", url: `${adminBase.replace(/\/+$/, "")}${path}`, headers, body },
    undeclared: sub.undeclared,
  };
}
