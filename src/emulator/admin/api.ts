/**
 * The Admin API: routes a request to info, status, declarative config, or entity CRUD
 * (collections, items, nested forms), and answers with Kong's status codes and bodies.
 */
import { BY_PATH, entityDef, entityExists, nestedDef, parentField, type EntityDef, type Json } from "../entities.js";
import { isUuid } from "../ids.js";
import type { Runtime } from "../runtime.js";
import type { Entity } from "../state.js";
import { coerceForm, parseBody } from "./body.js";
import { getConfig, postConfig } from "./config.js";
import {
  type AdminError,
  badRequest,
  dblessWrite,
  invalidOptions,
  invalidSize,
  methodNotAllowed,
  notFound,
  referencedByOthers,
} from "./errors.js";
import { infoBody, statusBody } from "./info.js";
import { buildEntity } from "./write.js";
import { consumerGroupMembership } from "./consumer-groups.js";

export interface AdminRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface AdminResponse {
  status: number;
  body?: unknown;
}

const err = (e: AdminError): AdminResponse => ({ status: e.status, body: e.body });

export async function handleAdmin(rt: Runtime, req: AdminRequest): Promise<AdminResponse> {
  const segs = req.url.pathname.split("/").filter(Boolean).map((s) => decodeURIComponent(s));
  const method = req.method.toUpperCase();
  const ct = String(req.headers["content-type"] ?? "");

  if (segs.length === 0) return method === "GET" || method === "HEAD" ? { status: 200, body: infoBody(rt) } : err(methodNotAllowed());
  const [first] = segs;
  if (first === "status" && segs.length === 1) return { status: 200, body: statusBody(rt) };
  if (first === "config" && segs.length === 1) {
    if (method === "GET") return getConfig(rt);
    if (method === "POST") return postConfig(rt, req.body, ct, req.url.searchParams);
    return err(methodNotAllowed());
  }
  if (first === "plugins" && segs[1] === "enabled" && segs.length === 2) {
    return { status: 200, body: { enabled_plugins: rt.plugins.available(rt.store) } };
  }
  if (first === "schemas") return schemas(rt, method, segs, req);
  if (first === "tags") return tags(rt, segs, req.url.searchParams);
  if (first === "endpoints") return { status: 200, body: { data: ["/", "/status", "/config", ...[...BY_PATH.keys()].map((p) => `/${p}`)] } };

  const membership = consumerGroupMembership(rt, method, segs, req);
  if (membership) return membership;

  const top = BY_PATH.get(first);
  if (!top || top.collection === "consumer_group_consumers" || !entityExists(top, rt.version)) return err(notFound());
  if (segs.length <= 2) return entityEndpoint(rt, method, top, segs[1], undefined, req);

  // /routes/{r}/service: the route's service.
  const parent = lookup(rt, top, segs[1]);
  if (!parent) return err(notFound());
  if (top.collection === "routes" && segs[2] === "service" && segs.length === 3) {
    const sid = (parent.service as { id?: string } | null)?.id;
    const svc = sid ? rt.store.get("services", sid) : undefined;
    return svc ? { status: 200, body: svc } : err(notFound());
  }
  const child = nestedDef(top.collection, segs[2]);
  if (!child || segs.length > 4) return err(notFound());
  return entityEndpoint(rt, method, child, segs[3], { collection: top.collection, entity: parent }, req);
}

interface ParentRef {
  collection: string;
  entity: Entity;
}

function lookup(rt: Runtime, def: EntityDef, idOrKey: string, parent?: ParentRef): Entity | undefined {
  if (!parent) return rt.store.get(def.collection, idOrKey);
  const pf = parentField(parent.collection, def);
  const scoped = rt.store.list(def.collection).filter((e) => (e[pf ?? ""] as { id?: string } | null)?.id === parent.entity.id);
  const byId = scoped.find((e) => e.id === idOrKey);
  if (byId) return byId;
  const keys = def.collection === "acls" ? ["group"] : def.endpointKeys;
  return scoped.find((e) => keys.some((k) => e[k] === idOrKey));
}

async function entityEndpoint(
  rt: Runtime,
  method: string,
  def: EntityDef,
  item: string | undefined,
  parent: ParentRef | undefined,
  req: AdminRequest,
): Promise<AdminResponse> {
  const isRead = method === "GET" || method === "HEAD";
  if (rt.dbless && !isRead) {
    const verb = method === "POST" ? "create" : method === "PUT" ? "create or update" : method === "PATCH" ? "update" : "delete";
    return err(dblessWrite(verb, def.collection));
  }
  const pf = parent ? parentField(parent.collection, def) : undefined;
  const forced: Json = pf && parent ? { [pf]: { id: parent.entity.id } } : {};

  if (item === undefined) {
    if (isRead) return list(rt, def, pf && parent ? { field: pf, id: parent.entity.id } : undefined, req.url);
    if (method !== "POST") return err(methodNotAllowed());
    const body = readEntityBody(def, req);
    if ("error" in body) return err(body.error);
    const res = buildEntity(rt, def, body.value, { mode: "create", forced });
    if (!res.ok) return err(res.error);
    rt.store.put(def.collection, res.entity);
    return { status: 201, body: res.entity };
  }

  const existing = lookup(rt, def, item, parent);
  switch (method) {
    case "GET":
    case "HEAD":
      return existing ? { status: 200, body: existing } : err(notFound());
    case "DELETE": {
      if (!existing) return { status: 204 };
      const refused = deleteCascade(rt, def, existing);
      return refused ? err(refused) : { status: 204 };
    }
    case "PUT":
    case "PATCH": {
      const body = readEntityBody(def, req);
      if ("error" in body) return err(body.error);
      if (method === "PATCH" && !existing) return err(notFound());
      const key: Json = {};
      if (!existing) {
        if (isUuid(item)) key.id = item;
        else if (def.endpointKeys[0]) key[def.endpointKeys[0]] = item;
        else return err(notFound());
      } else if (method === "PUT" && item !== existing.id) {
        // PUT replaces the entity; the endpoint key in the URL stays its key.
        const k = def.endpointKeys.find((f) => existing[f] === item);
        if (k) key[k] = item;
      }
      const res = buildEntity(rt, def, body.value, {
        mode: method === "PATCH" ? "update" : "upsert",
        existing,
        forced: { ...forced, ...key },
      });
      if (!res.ok) return err(res.error);
      rt.store.put(def.collection, res.entity);
      return { status: 200, body: res.entity };
    }
    default:
      return err(methodNotAllowed());
  }
}

function readEntityBody(def: EntityDef, req: AdminRequest): { value: Json } | { error: AdminError } {
  const parsed = parseBody(req.body, String(req.headers["content-type"] ?? ""));
  if (!parsed.ok) return { error: badRequest(parsed.message) };
  return { value: parsed.form ? coerceForm(def, parsed.value) : parsed.value };
}

/** Deletes `e` and what cascades from it; refuses when a non-cascading reference remains (routes → service). */
export function deleteCascade(rt: Runtime, def: EntityDef, e: Entity): AdminError | undefined {
  // Plugins name their clone rather than pointing at it: keep them runnable.
  if (def.collection === "cloned_plugins") {
    const users = rt.store.list("plugins").filter((p) => p.name === e.name).length;
    if (users) return badRequest(`cloned plugin '${String(e.name)}' is in use by ${users} plugin${users > 1 ? "s" : ""}; delete ${users > 1 ? "them" : "it"} first`);
  }
  for (const other of rt.store.collections()) {
    const od = entityDef(other);
    for (const f of od.foreign) {
      if (f.collection !== def.collection || f.cascade) continue;
      if (rt.store.referencing(other, f.field, e.id).length) return referencedByOthers(other, def.collection);
    }
  }
  for (const other of rt.store.collections()) {
    const od = entityDef(other);
    for (const f of od.foreign) {
      if (f.collection !== def.collection || !f.cascade) continue;
      for (const child of rt.store.referencing(other, f.field, e.id)) deleteCascade(rt, od, child);
    }
  }
  rt.store.delete(def.collection, e.id);
  return undefined;
}

function tagFilter(param: string | null): { ok: true; test: (tags: unknown) => boolean } | { ok: false; error: AdminError } {
  if (!param) return { ok: true, test: () => true };
  const and = param.includes(",");
  const or = param.includes("/");
  if (and && or) return { ok: false, error: invalidOptions("invalid option (tags: invalid filter: cannot mix 'and' and 'or' conditions)") };
  const wanted = param.split(/[,/]/).filter(Boolean);
  return {
    ok: true,
    test: (tags) => {
      const have = Array.isArray(tags) ? (tags as string[]) : [];
      return or ? wanted.some((t) => have.includes(t)) : wanted.every((t) => have.includes(t));
    },
  };
}

function list(rt: Runtime, def: EntityDef, scope: { field: string; id: string } | undefined, url: URL): AdminResponse {
  const q = url.searchParams;
  const sizeText = q.get("size");
  const size = sizeText === null ? 100 : Number(sizeText);
  if (!Number.isInteger(size) || size < 1 || size > 1000) return err(invalidSize());
  const filter = tagFilter(q.get("tags"));
  if (!filter.ok) return err(filter.error);
  let rows = rt.store.list(def.collection).filter((e) => filter.test(e.tags));
  if (scope) rows = rows.filter((e) => (e[scope.field] as { id?: string } | null)?.id === scope.id);
  for (const f of ["name", "username", "custom_id"]) {
    const v = q.get(f);
    if (v !== null && def.unique.includes(f)) rows = rows.filter((e) => e[f] === v);
  }
  let start = 0;
  const offset = q.get("offset");
  if (offset) {
    const n = Number(Buffer.from(offset, "base64url").toString("utf8"));
    if (!Number.isInteger(n) || n < 0) return err({ status: 400, body: { code: 7, name: "invalid offset", message: `'${offset}' is not a valid offset: bad base64 encoding` } });
    start = n;
  }
  const page = rows.slice(start, start + size);
  const more = start + size < rows.length;
  const nextOffset = more ? Buffer.from(String(start + size)).toString("base64url") : undefined;
  let next: string | null = null;
  if (nextOffset) {
    const nq = new URLSearchParams();
    if (sizeText) nq.set("size", String(size));
    if (q.get("tags")) nq.set("tags", q.get("tags") as string);
    nq.set("offset", nextOffset);
    next = `${url.pathname}?${nq.toString()}`;
  }
  return { status: 200, body: nextOffset ? { data: page, offset: nextOffset, next } : { data: page, next: null } };
}

function tags(rt: Runtime, segs: string[], q: URLSearchParams): AdminResponse {
  const rows: Json[] = [];
  for (const c of rt.store.collections()) {
    for (const e of rt.store.list(c)) {
      for (const t of Array.isArray(e.tags) ? (e.tags as string[]) : []) {
        if (segs[1] && t !== segs[1]) continue;
        rows.push({ entity_name: c, entity_id: e.id, tag: t });
      }
    }
  }
  const size = Number(q.get("size") ?? 100);
  return { status: 200, body: { data: rows.slice(0, size), next: null } };
}

function schemas(rt: Runtime, method: string, segs: string[], req: AdminRequest): AdminResponse {
  if (segs[1] === "plugins" && segs[2] === "validate" && method === "POST") {
    const parsed = parseBody(req.body, String(req.headers["content-type"] ?? ""));
    if (!parsed.ok) return err(badRequest(parsed.message));
    const res = buildEntity(rt, entityDef("plugins"), parsed.form ? coerceForm(entityDef("plugins"), parsed.value) : parsed.value, { mode: "create" });
    return res.ok ? { status: 200, body: { message: "schema validation successful" } } : err(res.error);
  }
  if (segs[1] === "plugins" && segs[2] && segs.length === 3) {
    if (!rt.plugins.has(segs[2], rt.store)) return err({ status: 404, body: { message: `No plugin named '${segs[2]}'` } });
    return { status: 200, body: { fields: [], docval: "the embedded gateway validates with the docs checkout's JSON schemas; it does not serve Lua schemas" } };
  }
  const def = segs[1] ? BY_PATH.get(segs[1]) ?? ([...BY_PATH.values()].find((d) => d.collection === segs[1])) : undefined;
  if (def && segs.length === 2) return { status: 200, body: { fields: Object.entries(def.defaults(rt.version)).map(([k, v]) => ({ [k]: { default: v } })) } };
  return err(notFound());
}
