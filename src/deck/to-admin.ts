/**
 * decK file → Kong Admin API upserts (DESIGN §2.4), pure.
 *
 * In: one decK config as written on a page (env references already resolved or not; this module does not
 * care). Out: a flat list of entities (`flattenDeck`) with nested collections lifted out and name
 * references kept as names, and from it an ordered list of idempotent upserts (`toAdminOps`).
 *
 * Semantics follow `deck gateway apply`: additive (nothing is deleted), an entity re-declared by a later
 * block replaces the earlier one (PUT is a full replace), a plugin's identity is its name plus its scope.
 * Named entities are upserted by endpoint key (`PUT /services/{name}`), the rest by a deterministic id, so
 * applying the same block twice changes nothing.
 */
import { createHash } from "node:crypto";
import { diag, type Diagnostic } from "../core/diagnostic.js";

export type Json = Record<string, unknown>;

/** Flat collections, in the order their upserts must run (referenced entities first). */
export const APPLY_ORDER = [
  "vaults",
  "certificates",
  "snis",
  "ca_certificates",
  "key_sets",
  "keys",
  "services",
  "routes",
  "upstreams",
  "targets",
  "consumer_groups",
  "consumers",
  "consumer_group_members",
  "credentials",
  "partials",
  "cloned_plugins",
  "plugins",
] as const;
export type FlatCollection = (typeof APPLY_ORDER)[number];

export type RefKind = "service" | "route" | "consumer" | "consumer_group" | "upstream" | "certificate" | "key_set";

/** decK nested credential collection → Admin API path segment under `/consumers/{c}/`. */
export const CREDENTIALS: Record<string, string> = {
  keyauth_credentials: "key-auth",
  basicauth_credentials: "basic-auth",
  jwt_secrets: "jwt",
  hmacauth_credentials: "hmac-auth",
  acls: "acls",
  oauth2_credentials: "oauth2",
  mtls_auth_credentials: "mtls-auth",
};

export interface FlatEntity {
  collection: FlatCollection;
  /** Identity within the collection: the same key in a later block means "update this one". */
  key: string;
  /** The entity's own fields: no nested collections, no references. */
  body: Json;
  /** Foreign references by name (or id, when the page wrote an id). */
  refs: Partial<Record<RefKind, string>>;
  /** For credentials: the decK collection (`keyauth_credentials`). */
  credential?: string;
}

export interface FlatConfig {
  entities: FlatEntity[];
  diagnostics: Diagnostic[];
}

/** Top-level keys that carry no entities. */
const META_KEYS = new Set(["_format_version", "_info", "_transform", "_workspace", "_konnect"]);

const TOP_LEVEL: Record<string, true> = {
  services: true,
  routes: true,
  consumers: true,
  consumer_groups: true,
  plugins: true,
  upstreams: true,
  targets: true,
  vaults: true,
  certificates: true,
  ca_certificates: true,
  snis: true,
  keys: true,
  key_sets: true,
  partials: true,
  cloned_plugins: true,
};

/** Lifts every nested collection out of a decK config. Unknown collections become diagnostics. */
export function flattenDeck(config: Json): FlatConfig {
  const out: FlatEntity[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [coll, value] of Object.entries(config)) {
    if (META_KEYS.has(coll)) continue;
    if (!TOP_LEVEL[coll] && !CREDENTIALS[coll]) {
      diagnostics.push(
        diag("deck/unsupported-collection", "page", `decK collection '${coll}' is not translated to Admin API calls`, {
          hint: "docval translates services, routes, consumers (with credentials and groups), consumer_groups, plugins, upstreams, targets, vaults, certificates, snis, keys, key_sets, partials and cloned_plugins",
        }),
      );
      continue;
    }
    if (!Array.isArray(value)) {
      diagnostics.push(diag("deck/not-a-list", "page", `decK collection '${coll}' must be a list, got ${typeName(value)}`));
      continue;
    }
    for (const item of value) {
      if (!isObj(item)) {
        diagnostics.push(diag("deck/not-an-object", "page", `an entry of '${coll}' is ${typeName(item)}, expected a mapping`));
        continue;
      }
      if (CREDENTIALS[coll]) addCredential(out, coll, item, refName(item.consumer));
      else walk(out, diagnostics, coll, item, {});
    }
  }
  return { entities: out, diagnostics };
}

function walk(out: FlatEntity[], diagnostics: Diagnostic[], coll: string, item: Json, parent: Partial<Record<RefKind, string>>): void {
  switch (coll) {
    case "services": {
      const { routes, plugins, ...rest } = item;
      const body = splitUrl(rest);
      const name = str(body.name);
      const key = name ?? str(body.id) ?? hashKey(body);
      out.push({ collection: "services", key, body, refs: {} });
      for (const r of list(routes)) walk(out, diagnostics, "routes", r, { service: name ?? str(body.id) });
      for (const p of list(plugins)) walk(out, diagnostics, "plugins", p, { service: name ?? str(body.id) });
      return;
    }
    case "routes": {
      const { plugins, service, ...body } = item;
      const svc = parent.service ?? refName(service);
      const name = str(body.name);
      const refs = svc ? { service: svc } : {};
      out.push({ collection: "routes", key: name ?? str(body.id) ?? hashKey({ ...body, service: svc }), body, refs });
      for (const p of list(plugins)) walk(out, diagnostics, "plugins", p, { route: name ?? str(body.id) });
      return;
    }
    case "consumers": {
      const { plugins, groups, ...rest } = item;
      const body: Json = {};
      for (const [k, v] of Object.entries(rest)) if (!CREDENTIALS[k]) body[k] = v;
      const ident = str(body.username) ?? str(body.custom_id) ?? str(body.id) ?? hashKey(body);
      out.push({ collection: "consumers", key: ident, body, refs: {} });
      for (const [k, v] of Object.entries(rest)) if (CREDENTIALS[k]) for (const c of list(v)) addCredential(out, k, c, ident);
      for (const g of list(groups)) {
        const group = refName(g);
        if (group) out.push({ collection: "consumer_group_members", key: `${group}|${ident}`, body: {}, refs: { consumer: ident, consumer_group: group } });
      }
      for (const p of list(plugins)) walk(out, diagnostics, "plugins", p, { consumer: ident });
      return;
    }
    case "consumer_groups": {
      const { plugins, consumers, ...body } = item;
      const name = str(body.name) ?? str(body.id) ?? hashKey(body);
      out.push({ collection: "consumer_groups", key: name, body, refs: {} });
      for (const c of list(consumers)) {
        const consumer = refName(c);
        if (consumer) out.push({ collection: "consumer_group_members", key: `${name}|${consumer}`, body: {}, refs: { consumer, consumer_group: name } });
      }
      for (const p of list(plugins)) walk(out, diagnostics, "plugins", p, { consumer_group: name });
      return;
    }
    case "plugins": {
      const { service, route, consumer, consumer_group, ...body } = item;
      const refs: Partial<Record<RefKind, string>> = { ...parent };
      const s = refName(service);
      const r = refName(route);
      const c = refName(consumer);
      const g = refName(consumer_group);
      if (s) refs.service = s;
      if (r) refs.route = r;
      if (c) refs.consumer = c;
      if (g) refs.consumer_group = g;
      const name = str(body.name);
      if (!name) {
        diagnostics.push(diag("deck/plugin-without-name", "page", "a plugin entry has no 'name'"));
        return;
      }
      out.push({ collection: "plugins", key: pluginKey(name, refs, str(body.instance_name)), body, refs });
      return;
    }
    case "upstreams": {
      const { targets, ...body } = item;
      const name = str(body.name) ?? str(body.id) ?? hashKey(body);
      out.push({ collection: "upstreams", key: name, body, refs: {} });
      for (const t of list(targets)) walk(out, diagnostics, "targets", t, { upstream: name });
      return;
    }
    case "targets": {
      const { upstream, ...body } = item;
      const u = parent.upstream ?? refName(upstream);
      out.push({ collection: "targets", key: `${u ?? ""}|${str(body.target) ?? hashKey(body)}`, body, refs: u ? { upstream: u } : {} });
      return;
    }
    case "certificates": {
      const { snis, ...body } = item;
      const ident = str(body.id) ?? hashKey({ cert: body.cert });
      out.push({ collection: "certificates", key: ident, body, refs: {} });
      for (const s of list(snis)) walk(out, diagnostics, "snis", s, { certificate: ident });
      for (const s of Array.isArray(snis) ? snis.filter((x) => typeof x === "string") : []) {
        out.push({ collection: "snis", key: s as string, body: { name: s }, refs: { certificate: ident } });
      }
      return;
    }
    case "snis": {
      const { certificate, ...body } = item;
      const cert = parent.certificate ?? refName(certificate);
      out.push({ collection: "snis", key: str(body.name) ?? hashKey(body), body, refs: cert ? { certificate: cert } : {} });
      return;
    }
    case "key_sets": {
      const { keys, ...body } = item;
      const name = str(body.name) ?? str(body.id) ?? hashKey(body);
      out.push({ collection: "key_sets", key: name, body, refs: {} });
      for (const k of list(keys)) walk(out, diagnostics, "keys", k, { key_set: name });
      return;
    }
    case "keys": {
      const { set, ...body } = item;
      const ks = parent.key_set ?? refName(set);
      out.push({ collection: "keys", key: str(body.name) ?? str(body.kid) ?? hashKey(body), body, refs: ks ? { key_set: ks } : {} });
      return;
    }
    case "vaults":
      out.push({ collection: "vaults", key: str(item.prefix) ?? str(item.name) ?? hashKey(item), body: { ...item }, refs: {} });
      return;
    case "ca_certificates":
      out.push({ collection: "ca_certificates", key: str(item.id) ?? hashKey({ cert: item.cert }), body: { ...item }, refs: {} });
      return;
    case "partials":
      out.push({ collection: "partials", key: str(item.name) ?? str(item.id) ?? hashKey(item), body: { ...item }, refs: {} });
      return;
    case "cloned_plugins":
      // `--include-plugin-definitions`: a clone is identified by its name, which plugins then use.
      out.push({ collection: "cloned_plugins", key: str(item.name) ?? str(item.id) ?? hashKey(item), body: { ...item }, refs: {} });
      return;
  }
}

function addCredential(out: FlatEntity[], coll: string, item: unknown, consumer: string | undefined): void {
  if (!isObj(item)) return;
  const { consumer: _c, ...body } = item;
  const natural = str(body.key) ?? str(body.username) ?? str(body.group) ?? str(body.client_id) ?? str(body.id);
  out.push({
    collection: "credentials",
    credential: coll,
    key: `${coll}|${consumer ?? ""}|${natural ?? hashKey(body)}`,
    body,
    refs: consumer ? { consumer } : {},
  });
}

/** A plugin is the same plugin when name, scope and instance name match (Kong's uniqueness rule). */
export function pluginKey(name: string, refs: Partial<Record<RefKind, string>>, instance?: string): string {
  return [name, refs.service ?? "", refs.route ?? "", refs.consumer ?? "", refs.consumer_group ?? "", instance ?? ""].join("|");
}

/** decK accepts `url` on a service; the Admin API entity has protocol/host/port/path. */
export function splitUrl(service: Json): Json {
  const url = str(service.url);
  if (!url) return { ...service };
  const { url: _u, ...rest } = service;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ...service };
  }
  const protocol = parsed.protocol.replace(/:$/, "");
  const defaultPort = protocol === "https" || protocol === "grpcs" || protocol === "wss" || protocol === "tls" ? 443 : 80;
  const out: Json = { ...rest, protocol, host: decodeURIComponent(parsed.hostname), port: parsed.port ? Number(parsed.port) : defaultPort };
  const path = parsed.pathname + parsed.search;
  if (path && path !== "/") out.path = path;
  else if (url.replace(/^[a-z]+:\/\/[^/]*/i, "") === "/") out.path = "/";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Admin API operations

export interface AdminOp {
  method: "PUT" | "POST";
  path: string;
  body: Json;
  /** Foreign keys to fill at apply time: body field → referenced collection and name/id. */
  refs: { field: string; collection: string; value: string }[];
  /** One line for messages: "plugin rate-limiting (consumer jsmith)". */
  what: string;
  /** Statuses that mean "already so" (a group membership that exists answers 409). */
  tolerate?: number[];
  collection: FlatCollection;
}

const REF_COLLECTION: Record<RefKind, string> = {
  service: "services",
  route: "routes",
  consumer: "consumers",
  consumer_group: "consumer_groups",
  upstream: "upstreams",
  certificate: "certificates",
  key_set: "key-sets",
};

/**
 * Ordered upserts for a flat config; every entity gets `tag` added to its tags. `salt` goes into the
 * derived ids: the same within one page run (so re-applying updates), different across runs (so state a
 * gateway keeps per entity id, such as rate-limit counters, never leaks from one page into the next).
 */
export function toAdminOps(flat: FlatEntity[], tag: string, salt = ""): AdminOp[] {
  const ops: AdminOp[] = [];
  for (const coll of APPLY_ORDER) {
    for (const e of dedupe(flat.filter((x) => x.collection === coll))) ops.push(opFor(e, tag, salt));
  }
  return ops;
}

/** Later declarations of the same entity win (decK apply of several blocks, or one block listing it twice). */
function dedupe(entities: FlatEntity[]): FlatEntity[] {
  const byKey = new Map<string, FlatEntity>();
  for (const e of entities) {
    byKey.delete(e.key);
    byKey.set(e.key, e);
  }
  return [...byKey.values()];
}

function opFor(e: FlatEntity, tag: string, salt: string): AdminOp {
  const body = withTag(e.body, tag);
  const refs = Object.entries(e.refs).map(([k, v]) => ({ field: k, collection: REF_COLLECTION[k as RefKind], value: v as string }));
  const enc = encodeURIComponent;
  const named = (natural: string | undefined, prefix: string): string => {
    const id = str(e.body.id);
    if (id) return `${prefix}/${enc(id)}`;
    if (natural) return `${prefix}/${enc(natural)}`;
    return `${prefix}/${stableId(e.collection, e.key, salt)}`;
  };
  const byId = (prefix: string): string => `${prefix}/${enc(str(e.body.id) ?? stableId(e.collection, e.key, salt))}`;
  switch (e.collection) {
    case "services":
      return { method: "PUT", path: named(str(e.body.name), "/services"), body, refs, what: `service ${e.key}`, collection: e.collection };
    case "routes":
      return { method: "PUT", path: named(str(e.body.name), "/routes"), body, refs, what: `route ${str(e.body.name) ?? e.key}`, collection: e.collection };
    case "consumers":
      return { method: "PUT", path: named(str(e.body.username), "/consumers"), body, refs, what: `consumer ${e.key}`, collection: e.collection };
    case "consumer_groups":
      return { method: "PUT", path: named(str(e.body.name), "/consumer_groups"), body, refs, what: `consumer group ${e.key}`, collection: e.collection };
    case "consumer_group_members":
      return {
        method: "POST",
        path: `/consumer_groups/${enc(e.refs.consumer_group ?? "")}/consumers`,
        body: { consumer: e.refs.consumer },
        refs: [],
        what: `membership of consumer ${e.refs.consumer} in group ${e.refs.consumer_group}`,
        tolerate: [409],
        collection: e.collection,
      };
    case "credentials": {
      const kind = CREDENTIALS[e.credential ?? ""] ?? "key-auth";
      return {
        method: "PUT",
        path: byId(`/consumers/${enc(e.refs.consumer ?? "")}/${kind}`),
        body,
        refs: [],
        what: `${kind} credential of consumer ${e.refs.consumer}`,
        collection: e.collection,
      };
    }
    case "upstreams":
      return { method: "PUT", path: named(str(e.body.name), "/upstreams"), body, refs, what: `upstream ${e.key}`, collection: e.collection };
    case "targets":
      return {
        method: "PUT",
        path: byId(`/upstreams/${enc(e.refs.upstream ?? "")}/targets`),
        body,
        refs: [],
        what: `target ${str(e.body.target)} of upstream ${e.refs.upstream}`,
        collection: e.collection,
      };
    case "plugins": {
      const scope = Object.entries(e.refs).map(([k, v]) => `${k} ${v}`).join(", ");
      return { method: "PUT", path: byId("/plugins"), body, refs, what: `plugin ${str(e.body.name)}${scope ? ` (${scope})` : " (global)"}`, collection: e.collection };
    }
    case "vaults":
      return { method: "PUT", path: named(str(e.body.prefix), "/vaults"), body, refs, what: `vault ${e.key}`, collection: e.collection };
    case "certificates":
      return { method: "PUT", path: byId("/certificates"), body, refs, what: `certificate ${e.key.slice(0, 12)}`, collection: e.collection };
    case "snis":
      return { method: "PUT", path: named(str(e.body.name), "/snis"), body, refs, what: `sni ${e.key}`, collection: e.collection };
    case "ca_certificates":
      return { method: "PUT", path: byId("/ca_certificates"), body, refs, what: `CA certificate ${e.key.slice(0, 12)}`, collection: e.collection };
    case "key_sets":
      return { method: "PUT", path: named(str(e.body.name), "/key-sets"), body, refs, what: `key set ${e.key}`, collection: e.collection };
    case "keys":
      return { method: "PUT", path: byId("/keys"), body, refs: refs.map((r) => (r.field === "key_set" ? { ...r, field: "set" } : r)), what: `key ${e.key}`, collection: e.collection };
    case "partials":
      return { method: "PUT", path: byId("/partials"), body, refs, what: `partial ${e.key}`, collection: e.collection };
    case "cloned_plugins":
      return { method: "PUT", path: named(str(e.body.name), "/cloned-plugins"), body, refs, what: `cloned plugin ${e.key}`, collection: e.collection };
  }
}

/** Adds `tag` to the entity's tags, keeping the ones the page set. */
export function withTag(body: Json, tag: string): Json {
  const tags = Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === "string") : [];
  return { ...body, tags: tags.includes(tag) ? tags : [...tags, tag] };
}

/** A UUID derived from the entity's identity, so re-applying hits the same entity. */
export function stableId(collection: string, key: string, salt = ""): string {
  const h = createHash("sha1").update(`docval\0${salt}\0${collection}\0${key}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------

function refName(v: unknown): string | undefined {
  if (typeof v === "string") return v || undefined;
  if (isObj(v)) return str(v.name) ?? str(v.username) ?? str(v.id) ?? str(v.custom_id);
  return undefined;
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function isObj(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
}

function hashKey(v: unknown): string {
  return "#" + createHash("sha1").update(JSON.stringify(v)).digest("hex").slice(0, 16);
}

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "a list" : typeof v;
}
