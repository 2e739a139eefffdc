/**
 * Reset between pages (DESIGN §2.6): delete only what carries the harness's tag, in dependency order
 * (plugins and credentials before the entities they hang from, routes before services). Before the
 * first page, `findUntagged` lists what the harness did not create so the run can refuse to touch a
 * gateway that holds someone's configuration, unless told `--reset-all`.
 */
import { parseJson, type AdminClient } from "./client.js";

/** Entity collections in deletion order. Credential endpoints are the flat ones (`/key-auths`). */
export const RESET_ORDER = [
  "plugins",
  // after the plugins that use them
  "cloned-plugins",
  "key-auths",
  "basic-auths",
  "jwts",
  "hmac-auths",
  "oauth2",
  "acls",
  "mtls-auths",
  "routes",
  "services",
  "targets",
  "upstreams",
  "consumers",
  "consumer_groups",
  "snis",
  "certificates",
  "ca_certificates",
  "keys",
  "key-sets",
  "partials",
  "vaults",
] as const;

/** Admin API paths to delete, newest first (entities created by control-plane requests carry no tag). */
export async function deletePaths(admin: AdminClient, paths: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const p of [...paths].reverse()) {
    const r = await admin.call("DELETE", p);
    if (!r.ok) problems.push(`DELETE ${p}: ${r.error.message}`);
    else if (r.res.status >= 300 && r.res.status !== 404) problems.push(`DELETE ${p} → ${r.res.status}`);
  }
  return problems;
}

/** Collections checked for foreign entities before a run (credentials hang off consumers). */
const TOP_LEVEL = ["services", "routes", "plugins", "consumers", "consumer_groups", "upstreams", "vaults", "certificates", "ca_certificates"];

export interface ResetResult {
  deleted: number;
  problems: string[];
}

interface Listed {
  id: string;
  tags?: string[] | null;
  name?: string;
  username?: string;
}

async function list(admin: AdminClient, collection: string, tag?: string): Promise<Listed[] | undefined> {
  const out: Listed[] = [];
  let next: string | null = `/${collection}?size=1000${tag ? `&tags=${encodeURIComponent(tag)}` : ""}`;
  for (let pages = 0; next && pages < 50; pages++) {
    const r = await admin.call("GET", next);
    if (!r.ok || r.res.status !== 200) return pages === 0 ? undefined : out;
    const body = parseJson(r.res.text) as { data?: Listed[]; next?: string | null } | undefined;
    out.push(...(body?.data ?? []));
    next = body?.next ?? null;
  }
  return out;
}

/** Admin API collection of an entity name as `/tags` reports it (the storage name), where they differ. */
const PATH_OF_ENTITY: Record<string, string> = {
  keyauth_credentials: "key-auths",
  basicauth_credentials: "basic-auths",
  jwt_secrets: "jwts",
  hmacauth_credentials: "hmac-auths",
  oauth2_credentials: "oauth2",
  mtls_auth_credentials: "mtls-auths",
  key_sets: "key-sets",
  cloned_plugins: "cloned-plugins",
};

/**
 * Everything tagged `tag`, by Admin API collection, from one `GET /tags/{tag}` (paged) instead of
 * one listing per collection. Undefined when the gateway does not answer it (then callers list).
 */
async function listByTag(admin: AdminClient, tag: string): Promise<Map<string, Listed[]> | undefined> {
  const out = new Map<string, Listed[]>();
  let next: string | null = `/tags/${encodeURIComponent(tag)}?size=1000`;
  for (let pages = 0; next && pages < 50; pages++) {
    const r = await admin.call("GET", next);
    if (!r.ok || r.res.status !== 200) return pages === 0 ? undefined : out;
    const body = parseJson(r.res.text) as { data?: { entity_name?: string; entity_id?: string }[]; next?: string | null } | undefined;
    if (!Array.isArray(body?.data)) return pages === 0 ? undefined : out;
    for (const row of body.data) {
      if (typeof row.entity_name !== "string" || typeof row.entity_id !== "string") continue;
      const coll = PATH_OF_ENTITY[row.entity_name] ?? row.entity_name;
      const items = out.get(coll) ?? [];
      items.push({ id: row.entity_id });
      out.set(coll, items);
    }
    next = body.next ?? null;
  }
  return out;
}

export interface ResetOptions {
  /** Keep entities that also carry this tag. */
  keepTag?: string;
  /** Only these Admin API collections (`plugins`, `key-auths`, …). */
  only?: ReadonlySet<string>;
  /**
   * Entity id → ids of the routes and consumers it hangs from (from the apply answers). Kong deletes
   * plugins and credentials with their route or consumer, so one whose parent is deleted too is not
   * deleted on its own.
   */
  cascade?: ReadonlyMap<string, readonly string[]>;
}

/** Deletes every entity tagged `tag` (or every entity when `tag` is undefined), in dependency order. */
export async function resetTagged(admin: AdminClient, tag: string | undefined, o: ResetOptions = {}): Promise<ResetResult> {
  const keepTag = o.keepTag;
  let deleted = 0;
  const problems: string[] = [];
  // One listing for all collections when the gateway has `/tags` (keepTag needs each entity's tags).
  const tagged = tag && !keepTag ? await listByTag(admin, tag) : undefined;
  const listed = new Map<string, Listed[] | undefined>();
  const items = async (coll: string): Promise<Listed[] | undefined> => {
    if (tagged) return tagged.get(coll) ?? [];
    if (!listed.has(coll)) listed.set(coll, await list(admin, coll, tag));
    return listed.get(coll);
  };
  // Routes and consumers about to be deleted take their plugins and credentials with them.
  const doomed = new Set<string>();
  for (const coll of ["routes", "consumers"]) {
    if (!o.cascade?.size || (o.only && !o.only.has(coll))) continue;
    for (const e of (await items(coll)) ?? []) if (!keepTag || !e.tags?.includes(keepTag)) doomed.add(e.id);
  }
  for (const coll of RESET_ORDER) {
    if (coll === "targets") continue; // targets go with their upstream
    if (o.only && !o.only.has(coll)) continue;
    const found = await items(coll);
    if (!found) continue; // the gateway has no such collection (OSS, older version)
    for (const e of found) {
      if (keepTag && e.tags?.includes(keepTag)) continue;
      if (o.cascade?.get(e.id)?.some((p) => doomed.has(p))) continue;
      const r = await admin.call("DELETE", `/${coll}/${e.id}`);
      if (!r.ok) problems.push(`DELETE /${coll}/${e.id}: ${r.error.message}`);
      else if (r.res.status === 204 || r.res.status === 200 || r.res.status === 404) deleted += r.res.status === 404 ? 0 : 1;
      else problems.push(`DELETE /${coll}/${e.id} → ${r.res.status}`);
    }
  }
  return { deleted, problems };
}

/** Entities that carry none of `tags`: "services example-service", … (at most `limit`). */
export async function findUntagged(admin: AdminClient, tags: readonly string[], limit = 10): Promise<string[]> {
  const found: string[] = [];
  for (const coll of TOP_LEVEL) {
    const items = await list(admin, coll);
    for (const e of items ?? []) {
      if (tags.some((t) => e.tags?.includes(t))) continue;
      found.push(`${coll} ${e.name ?? e.username ?? e.id}`);
      if (found.length >= limit) return found;
    }
  }
  return found;
}
