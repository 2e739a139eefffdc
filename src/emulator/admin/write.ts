/**
 * Turns an Admin API (or declarative) input into a stored entity the way Kong does: defaults,
 * `url` shorthand, foreign keys by id or endpoint key, required fields, entity checks, plugin config
 * validation, uniqueness. Returns the entity or a Kong-shaped error; never throws on bad input.
 */
import { entityDef, type EntityDef, type Json } from "../entities.js";
import { isUuid, uuid } from "../ids.js";
import type { PluginConfigurator } from "../plugin-config.js";
import type { Entity, Store } from "../state.js";
import { parseCondition } from "../expressions.js";
import { type AdminError, foreignKeyViolation, schemaViolation, uniqueViolation } from "./errors.js";

export interface WriteCtx {
  store: Store;
  version: string;
  plugins: PluginConfigurator;
  now(): number;
}

export type WriteResult = { ok: true; entity: Entity } | { ok: false; error: AdminError };

const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

const ALWAYS = ["id", "created_at", "updated_at", "tags"];
const EXTRA: Record<string, string[]> = {
  services: ["url"],
  plugins: ["config", "protocols", "name", "instance_name"],
  basicauth_credentials: ["password"],
  keys: ["kid", "jwk", "pem", "x5t"],
  vaults: ["name", "prefix", "config", "description"],
  partials: ["type", "config", "name"],
  certificates: ["cert", "key"],
  ca_certificates: ["cert"],
  upstreams: ["name"],
  mtls_auth_credentials: ["subject_name", "ca_certificate"],
};

function knownFields(def: EntityDef, version: string): Set<string> {
  return new Set([
    ...ALWAYS,
    ...Object.keys(def.defaults(version)),
    ...def.required,
    ...def.unique,
    ...def.endpointKeys,
    ...def.foreign.map((f) => f.field),
    ...Object.keys(def.generate?.() ?? {}),
    ...(EXTRA[def.collection] ?? []),
  ]);
}

/** Splits a service `url` into protocol, host, port and path. */
function applyUrl(input: Json, fields: Json): void {
  if (typeof input.url !== "string") return;
  let u: URL;
  try {
    u = new URL(input.url);
  } catch {
    fields.url = "missing host in url";
    return;
  }
  const protocol = u.protocol.replace(/:$/, "");
  input.protocol = protocol;
  input.host = u.hostname.replace(/^\[|\]$/g, "");
  input.port = u.port ? Number(u.port) : protocol === "https" || protocol === "grpcs" || protocol === "wss" ? 443 : 80;
  input.path = u.pathname && u.pathname !== "/" ? decodeURI(u.pathname) : u.pathname === "/" && input.url.replace(/^[a-z]+:\/\/[^/]+/i, "") === "/" ? "/" : null;
  delete input.url;
}

/** `{id}`, `{name}`, `"name-or-id"` → the referenced entity's `{id}`, or an error. */
export function resolveForeign(store: Store, field: string, collection: string, value: unknown): { ref: { id: string } | null; error?: AdminError; schema?: string } {
  if (value === null || value === undefined) return { ref: null };
  let key: Json;
  if (typeof value === "string") key = isUuid(value) ? { id: value } : { [entityDef(collection).endpointKeys[0] ?? "id"]: value };
  else if (isObj(value)) key = value;
  else return { ref: null, schema: "expected a record" };
  const lookup = (typeof key.id === "string" && key.id) || Object.values(key).find((v) => typeof v === "string");
  const hit = typeof lookup === "string" ? store.get(collection, lookup) : undefined;
  if (!hit) return { ref: null, error: foreignKeyViolation(field, key, collection) };
  return { ref: { id: hit.id } };
}

export interface BuildOptions {
  /** The stored entity being replaced (PUT) or patched (PATCH). */
  existing?: Entity;
  mode: "create" | "upsert" | "update";
  /** Extra fields the URL implies (the parent of a nested endpoint, the endpoint key of a PUT). */
  forced?: Json;
}

export function buildEntity(ctx: WriteCtx, def: EntityDef, rawInput: Json, opts: BuildOptions): WriteResult {
  const input: Json = { ...rawInput, ...(opts.forced ?? {}) };
  const fields: Json = {};
  if (def.collection === "services") applyUrl(input, fields);

  const known = knownFields(def, ctx.version);
  for (const k of Object.keys(input)) if (!known.has(k)) fields[k] = "unknown field";

  const base: Json =
    opts.mode === "update" && opts.existing ? { ...opts.existing } : { ...def.defaults(ctx.version), ...(def.generate?.() ?? {}) };
  const e: Json = { ...base };
  for (const [k, v] of Object.entries(input)) {
    if (fields[k]) continue;
    if (opts.mode === "update" && isObj(v) && isObj(e[k]) && k === "config") e[k] = deepMerge(e[k] as Json, v);
    else e[k] = v;
  }
  // A null where Kong has a default means "use the default".
  if (opts.mode !== "update") {
    const defaults = def.defaults(ctx.version);
    for (const [k, d] of Object.entries(defaults)) if (e[k] === null && d !== null) e[k] = d;
  }
  if (def.collection === "services" && input.port === undefined && opts.mode !== "update" && (e.protocol === "https" || e.protocol === "grpcs")) e.port = 443;

  if (def.collection === "targets") normaliseTarget(e);
  e.id = opts.existing?.id ?? (typeof input.id === "string" && input.id ? input.id : uuid());
  if (typeof e.id !== "string" || !isUuid(e.id)) fields.id = "expected a valid UUID";

  for (const r of def.required) if (e[r] === undefined || e[r] === null || e[r] === "") fields[r] ??= "required field missing";

  for (const f of def.foreign) {
    if (fields[f.field]) continue;
    const res = resolveForeign(ctx.store, f.field, f.collection, e[f.field]);
    if (res.schema) fields[f.field] = res.schema;
    else if (res.error) return { ok: false, error: res.error };
    else if (!res.ref && f.required) fields[f.field] = "required field missing";
    else e[f.field] = res.ref;
  }

  if (e.tags !== null && e.tags !== undefined) {
    if (!Array.isArray(e.tags) || e.tags.some((t) => typeof t !== "string")) fields.tags = "expected a set";
    else if ((e.tags as string[]).some((t) => /[,/]/.test(t) || !/^[\x21-\x7e]+$/.test(t))) {
      fields.tags = "invalid tag: only printable ascii (except `,` and `/`) is allowed";
    }
  }

  if (Object.keys(fields).length === 0 && def.check) Object.assign(fields, def.check(e, ctx.version));

  if (def.collection === "plugins" && !fields.name) {
    const res = ctx.plugins.check(e, ctx.store);
    if (!res.ok) Object.assign(fields, res.fields);
    else {
      e.config = res.config;
      e.protocols = res.protocols;
    }
    if (typeof e.condition === "string" && !fields.condition) {
      const parsed = parseCondition(e.condition);
      if (!parsed.ok) fields.condition = parsed.message;
    }
    if (Array.isArray(e.partials) && !fields.partials) {
      const missing = resolvePartials(ctx.store, e.partials as Json[]);
      if (typeof missing === "string") fields.partials = missing;
      else e.partials = missing;
    }
  }
  if (def.collection === "cloned_plugins" && Object.keys(fields).length === 0) Object.assign(fields, ctx.plugins.checkClone(e));
  if (Object.keys(fields).length) return { ok: false, error: schemaViolation(fields) };

  const dup = uniqueness(ctx.store, def, e as Entity);
  if (dup) return { ok: false, error: dup };

  const nowSec = Math.floor(ctx.now() / 1000);
  e.created_at = opts.existing?.created_at ?? (typeof input.created_at === "number" ? input.created_at : nowSec);
  if (def.collection !== "targets" && def.collection !== "consumer_group_consumers") e.updated_at = nowSec;
  return { ok: true, entity: e as Entity };
}

function uniqueness(store: Store, def: EntityDef, e: Entity): AdminError | undefined {
  const others = store.list(def.collection).filter((o) => o.id !== e.id);
  for (const u of def.unique) {
    if (e[u] === null || e[u] === undefined) continue;
    if (others.some((o) => o[u] === e[u])) return uniqueViolation({ [u]: e[u] });
  }
  if (def.collection === "plugins") {
    const scope = (x: Json) => ["service", "route", "consumer", "consumer_group"].map((k) => (x[k] as { id?: string } | null)?.id ?? null).join("|");
    if (others.some((o) => o.name === e.name && scope(o) === scope(e))) {
      const key: Json = { name: e.name };
      for (const k of ["consumer", "consumer_group", "route", "service"]) key[k] = e[k] ?? null;
      return uniqueViolation(key);
    }
  }
  if (def.collection === "acls") {
    if (others.some((o) => o.group === e.group && (o.consumer as { id: string }).id === (e.consumer as { id: string }).id)) {
      return uniqueViolation({ consumer: e.consumer, group: e.group });
    }
  }
  if (def.collection === "targets") {
    if (others.some((o) => o.target === e.target && (o.upstream as { id: string }).id === (e.upstream as { id: string }).id)) {
      return uniqueViolation({ target: e.target, upstream: e.upstream });
    }
  }
  return undefined;
}

/** A plugin's `partials` by id or name → stored with the partial's id, or what is missing. */
function resolvePartials(store: Store, refs: Json[]): Json[] | string {
  const out: Json[] = [];
  for (const r of refs) {
    const key = typeof r.id === "string" ? r.id : typeof r.name === "string" ? r.name : undefined;
    const hit = key ? store.get("partials", key) : undefined;
    if (!hit) return `partial '${key ?? "?"}' does not exist`;
    out.push({ ...r, id: hit.id });
  }
  return out;
}

function deepMerge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Json, v) : v;
  return out;
}

/** Targets are written `host` or `host:port`; Kong stores `host:port` with port 8000 by default. */
export function normaliseTarget(e: Json): void {
  if (typeof e.target !== "string") return;
  const t = e.target;
  if (/^\[.*\]$/.test(t) || (!t.includes(":") && t.length)) e.target = `${t}:8000`;
}
