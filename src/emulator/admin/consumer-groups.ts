/**
 * Consumer group membership endpoints: `/consumer_groups/{g}/consumers[/{c}]` and
 * `/consumers/{c}/consumer_groups[/{g}]`. Memberships are stored as `consumer_group_consumers`.
 */
import type { Json } from "../entities.js";
import { uuid } from "../ids.js";
import type { Runtime } from "../runtime.js";
import type { Entity } from "../state.js";
import type { AdminRequest, AdminResponse } from "./api.js";
import { coerceForm, parseBody } from "./body.js";
import { dblessWrite, notFound } from "./errors.js";

const idOf = (v: unknown) => (v as { id?: string } | null)?.id;

function members(rt: Runtime, group: Entity): Entity[] {
  const ids = rt.store.list("consumer_group_consumers").filter((m) => idOf(m.consumer_group) === group.id).map((m) => idOf(m.consumer));
  return ids.map((id) => rt.store.get("consumers", id ?? "")).filter((c): c is Entity => !!c);
}

function groupsOf(rt: Runtime, consumer: Entity): Entity[] {
  const ids = rt.store.list("consumer_group_consumers").filter((m) => idOf(m.consumer) === consumer.id).map((m) => idOf(m.consumer_group));
  return ids.map((id) => rt.store.get("consumer_groups", id ?? "")).filter((g): g is Entity => !!g);
}

function link(rt: Runtime, consumer: Entity, group: Entity): void {
  const exists = rt.store.list("consumer_group_consumers").some((m) => idOf(m.consumer) === consumer.id && idOf(m.consumer_group) === group.id);
  if (!exists) rt.store.put("consumer_group_consumers", { id: uuid(), consumer: { id: consumer.id }, consumer_group: { id: group.id }, created_at: Math.floor(rt.now() / 1000) });
}

function unlink(rt: Runtime, consumer: Entity, group: Entity): void {
  for (const m of rt.store.list("consumer_group_consumers")) {
    if (idOf(m.consumer) === consumer.id && idOf(m.consumer_group) === group.id) rt.store.delete("consumer_group_consumers", m.id);
  }
}

function names(v: unknown): string[] {
  const arr = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return arr.map((x) => (typeof x === "object" && x ? String((x as Json).id ?? (x as Json).name ?? (x as Json).username ?? "") : String(x)));
}

export function consumerGroupMembership(rt: Runtime, method: string, segs: string[], req: AdminRequest): AdminResponse | undefined {
  const fromGroup = segs[0] === "consumer_groups" && segs[2] === "consumers";
  const fromConsumer = segs[0] === "consumers" && segs[2] === "consumer_groups";
  if (!fromGroup && !fromConsumer) return undefined;
  if (segs.length > 4) return { status: 404, body: notFound().body };
  const owner = rt.store.get(fromGroup ? "consumer_groups" : "consumers", segs[1]);
  if (!owner) return { status: 404, body: notFound().body };
  const write = method !== "GET" && method !== "HEAD";
  if (write && rt.dbless) {
    const e = dblessWrite(method === "DELETE" ? "delete" : "create", "consumer_group_consumers");
    return { status: e.status, body: e.body };
  }
  const otherCol = fromGroup ? "consumers" : "consumer_groups";
  if (segs.length === 4) {
    const other = rt.store.get(otherCol, segs[3]);
    if (!other) return { status: 404, body: notFound().body };
    const [consumer, group] = fromGroup ? [other, owner] : [owner, other];
    const linked = groupsOf(rt, consumer).some((g) => g.id === group.id);
    if (method === "DELETE") {
      unlink(rt, consumer, group);
      return { status: 204 };
    }
    if (method === "GET") return linked ? { status: 200, body: fromGroup ? { consumer, consumer_group: group } : { consumer_group: group, consumer } } : { status: 404, body: notFound().body };
    return { status: 405, body: { message: "Method not allowed" } };
  }
  if (method === "GET") return { status: 200, body: { data: fromGroup ? members(rt, owner) : groupsOf(rt, owner), next: null } };
  if (method === "DELETE" && fromGroup) {
    for (const c of members(rt, owner)) unlink(rt, c, owner);
    return { status: 204 };
  }
  if (method !== "POST") return { status: 405, body: { message: "Method not allowed" } };
  const parsed = parseBody(req.body, String(req.headers["content-type"] ?? ""));
  if (!parsed.ok) return { status: 400, body: { message: parsed.message } };
  const body = parsed.form ? coerceForm(undefined, parsed.value) : parsed.value;
  const field = fromGroup ? "consumer" : "group";
  const wanted = names(body[field] ?? body[fromGroup ? "consumers" : "groups"]);
  if (!wanted.length) return { status: 400, body: { code: 2, name: "schema violation", message: `schema violation (${field}: required field missing)`, fields: { [field]: "required field missing" } } };
  const found: Entity[] = [];
  for (const n of wanted) {
    const e = rt.store.get(otherCol, n);
    if (!e) return { status: 404, body: { message: `${fromGroup ? "Consumer" : "Consumer group"} '${n}' not found` } };
    found.push(e);
  }
  for (const e of found) (fromGroup ? link(rt, e, owner) : link(rt, owner, e));
  return {
    status: 201,
    body: fromGroup ? { consumer_group: owner, consumers: found } : { consumer: owner, consumer_groups: found },
  };
}
