/**
 * Applying a page's decK config to a gateway.
 *
 * DB mode: the ordered upserts from `deck/to-admin`, with name references turned into ids (from the
 * answers of earlier upserts on the page, else looked up by endpoint key). DB-less: the page's cumulative
 * declarative config posted to `/config`. A rejection by the gateway is an `ApplyFailure` that says what
 * was refused and why, in Kong's own words; the runner points it at the block's line.
 */
import { parseJson, type AdminClient, type HttpOutcome } from "./client.js";
import type { AdminOp, Json } from "../deck/to-admin.js";

export interface ApplyFailure {
  /** `assert`: the gateway rejected the config (the docs are wrong); `target`: it broke or was unreachable. */
  kind: "assert" | "target";
  message: string;
  status?: number;
  /** The gateway's answer, for the report (short). */
  detail?: string;
}

/** Ids the gateway gave to the entities applied so far on this page: `collection\0name` → id. */
export type IdRegistry = Map<string, string>;

/** Entity id → ids of the route and consumer it hangs from (plugins, credentials), for `resetTagged`'s `cascade`. */
export type CascadeParents = Map<string, string[]>;

export async function applyOps(admin: AdminClient, ops: readonly AdminOp[], registry: IdRegistry, cascade?: CascadeParents): Promise<ApplyFailure | undefined> {
  for (const op of ops) {
    const body: Json = { ...op.body };
    for (const ref of op.refs) {
      const id = await resolveRef(admin, registry, ref.collection, ref.value);
      if (typeof id !== "string") {
        if (id.kind !== "missing") return id;
        return { kind: "assert", message: `${op.what} refers to ${singular(ref.collection)} '${ref.value}', which does not exist on the gateway`, status: 404 };
      }
      body[ref.field] = { id };
    }
    const r = await admin.call(op.method, op.path, body);
    if (!r.ok) return transportFailure(admin, r, `${op.method} ${op.path}`);
    if (op.tolerate?.includes(r.res.status)) continue;
    if (r.res.status >= 300) return rejection(op.what, `${op.method} ${op.path}`, r.res.status, r.res.text);
    const answer = parseJson(r.res.text) as Json | undefined;
    // Kong answers every successful write with the entity as JSON (DELETE: 204, no body). Anything
    // else is a broken target or something that is not Kong, never a verdict on the docs.
    if (r.res.status !== 204 && (answer === undefined || typeof answer !== "object" || answer === null)) {
      return notKong(admin, `${op.method} ${op.path}`, r.res.status, r.res.text);
    }
    const id = typeof answer?.id === "string" ? answer.id : undefined;
    if (id) {
      const coll = op.path.split("/")[1];
      registry.set(`${coll}\0${id}`, id);
      for (const k of ["name", "username", "custom_id", "prefix"]) {
        const v = answer?.[k];
        if (typeof v === "string") registry.set(`${coll}\0${v}`, id);
      }
      if (cascade) {
        const parents = [answer?.route, answer?.consumer].flatMap((p) => (p && typeof p === "object" && typeof (p as Json).id === "string" ? [(p as Json).id as string] : []));
        if (parents.length) cascade.set(id, parents);
      }
    }
  }
  return undefined;
}

async function resolveRef(admin: AdminClient, registry: IdRegistry, collection: string, value: string): Promise<string | ApplyFailure | { kind: "missing" }> {
  const known = registry.get(`${collection}\0${value}`);
  if (known) return known;
  const r = await admin.call("GET", `/${collection}/${encodeURIComponent(value)}`);
  if (!r.ok) return transportFailure(admin, r, `GET /${collection}/${value}`);
  // Only 404 says the entity is absent; any other refusal says nothing about the docs.
  if (r.res.status === 404) return { kind: "missing" };
  const call = `GET /${collection}/${value}`;
  if (r.res.status === 401 || r.res.status === 403) {
    return { kind: "target", status: r.res.status, message: `${call} on ${admin.baseUrl} was refused (${r.res.status}): docval cannot read the gateway's entities; check the Admin API credentials (--admin-header)` };
  }
  if (r.res.status !== 200) return rejection(`the lookup of ${singular(collection)} '${value}'`, call, r.res.status, r.res.text);
  const body = parseJson(r.res.text) as Json | undefined;
  if (typeof body?.id !== "string") return notKong(admin, call, r.res.status, r.res.text);
  registry.set(`${collection}\0${value}`, body.id);
  return body.id;
}

/** DB-less: replace the gateway's configuration with `config` (the page's cumulative config). */
export async function applyDeclarative(admin: AdminClient, config: Json): Promise<ApplyFailure | undefined> {
  const r = await admin.call("POST", "/config?flatten_errors=1", config);
  if (!r.ok) return transportFailure(admin, r, "POST /config");
  if (r.res.status === 201 || r.res.status === 200) {
    const answer = parseJson(r.res.text);
    return answer && typeof answer === "object" ? undefined : notKong(admin, "POST /config", r.res.status, r.res.text);
  }
  return rejection("the declarative configuration", "POST /config", r.res.status, r.res.text);
}

function notKong(admin: AdminClient, call: string, status: number, text: string): ApplyFailure {
  const excerpt = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return {
    kind: "target",
    status,
    message: `${call} on ${admin.baseUrl} answered ${status} with a body that is not a JSON entity (${JSON.stringify(excerpt)}): is this a Kong Admin API?`,
  };
}

function transportFailure(admin: AdminClient, r: Extract<HttpOutcome, { ok: false }>, what: string): ApplyFailure {
  return { kind: "target", message: `${what} on ${admin.baseUrl} failed: ${r.error.message} (${r.error.code})` };
}

/** Kong's error body → one readable sentence: "rejected plugin rate-limiting: schema violation (config.minute: expected a number)". */
export function rejection(what: string, call: string, status: number, text: string): ApplyFailure {
  const body = parseJson(text) as Json | undefined;
  const message = typeof body?.message === "string" ? body.message : text.slice(0, 300);
  const fields = body?.flattened_errors ?? body?.fields;
  const detail = describeFields(fields);
  const kind = status >= 500 ? "target" : "assert";
  return {
    kind,
    status,
    message: `the gateway rejected ${what} (${call} → ${status}): ${message}${detail && !message.includes(detail) ? ` [${detail}]` : ""}`,
    detail: text.slice(0, 2000),
  };
}

function describeFields(fields: unknown, prefix = ""): string {
  if (fields == null) return "";
  if (typeof fields === "string") return prefix ? `${prefix}: ${fields}` : fields;
  if (Array.isArray(fields)) {
    return fields
      .map((f) => {
        if (f && typeof f === "object" && Array.isArray((f as Json).errors)) {
          const e = f as { entity_type?: string; entity_name?: string; errors: { field?: string; message?: string }[] };
          return e.errors.map((x) => `${e.entity_type ?? "entity"} ${e.entity_name ?? ""}${x.field ? ` ${x.field}` : ""}: ${x.message}`).join("; ");
        }
        return describeFields(f, prefix);
      })
      .filter(Boolean)
      .join("; ");
  }
  if (typeof fields === "object") {
    return Object.entries(fields as Json)
      .map(([k, v]) => describeFields(v, prefix ? `${prefix}.${k}` : k))
      .filter(Boolean)
      .join("; ");
  }
  return `${prefix}: ${String(fields)}`;
}

function singular(collection: string): string {
  return collection.replace(/_/g, " ").replace(/s$/, "");
}
