/**
 * The cumulative configuration of a page for DB-less gateways, pure.
 *
 * DB-less Kong replaces its whole configuration on every `POST /config`, while the page's blocks are
 * additive (`deck gateway apply`). So the runner keeps the flat entities of every block applied so far,
 * merges each new block in (same identity ⇒ the later one replaces the earlier, as a PUT would) and posts
 * the merged result, rendered back into Kong's declarative format with nested collections.
 */
import { APPLY_ORDER, withTag, type FlatEntity, type Json } from "./to-admin.js";

/** `prev` plus `next`: an entity of `next` replaces the one of `prev` with the same identity, in place. */
export function mergeFlat(prev: readonly FlatEntity[], next: readonly FlatEntity[]): FlatEntity[] {
  const out = [...prev];
  const index = new Map<string, number>();
  out.forEach((e, i) => index.set(`${e.collection}\0${e.key}`, i));
  for (const e of next) {
    const id = `${e.collection}\0${e.key}`;
    const at = index.get(id);
    if (at === undefined) {
      index.set(id, out.length);
      out.push(e);
    } else {
      out[at] = e;
    }
  }
  return out;
}

/**
 * Kong's declarative form (`_format_version: "3.0"`) of flat entities: routes under their service,
 * credentials and group memberships under their consumer, targets under their upstream, snis under
 * their certificate, keys under their set; cloned plugins (`--include-plugin-definitions`) and plugins
 * top level, plugins with scope names. `extra` entities (the
 * harness's own) are appended as given. Every entity carries `tag`.
 */
export function toDeclarative(flat: readonly FlatEntity[], tag: string): Json {
  const byColl = new Map<string, FlatEntity[]>();
  for (const c of APPLY_ORDER) byColl.set(c, []);
  const seen = new Map<string, number>();
  for (const e of flat) {
    const id = `${e.collection}\0${e.key}`;
    const list = byColl.get(e.collection) as FlatEntity[];
    const at = seen.get(id);
    if (at === undefined) {
      seen.set(id, list.length);
      list.push(e);
    } else list[at] = e;
  }
  const get = (c: string): FlatEntity[] => byColl.get(c) ?? [];
  const out: Json = { _format_version: "3.0" };

  const services = get("services").map((s): Json => ({ ...withTag(s.body, tag), routes: [] as Json[] }));
  const serviceFor = (name: string): Json | undefined =>
    services.find((s) => s.name === name || s.id === name);
  const looseRoutes: Json[] = [];
  for (const r of get("routes")) {
    const body = withTag(r.body, tag);
    const parent = r.refs.service ? serviceFor(r.refs.service) : undefined;
    if (parent) (parent.routes as Json[]).push(body);
    else looseRoutes.push(r.refs.service ? { ...body, service: r.refs.service } : body);
  }
  if (services.length) out.services = services.map((s) => ((s.routes as Json[]).length ? s : dropKey(s, "routes")));
  if (looseRoutes.length) out.routes = looseRoutes;

  const upstreams = get("upstreams").map((u): Json => ({ ...withTag(u.body, tag), targets: [] as Json[] }));
  const looseTargets: Json[] = [];
  for (const t of get("targets")) {
    const parent = upstreams.find((u) => u.name === t.refs.upstream || u.id === t.refs.upstream);
    if (parent) (parent.targets as Json[]).push(withTag(t.body, tag));
    else looseTargets.push({ ...withTag(t.body, tag), upstream: t.refs.upstream });
  }
  if (upstreams.length) out.upstreams = upstreams.map((u) => ((u.targets as Json[]).length ? u : dropKey(u, "targets")));
  if (looseTargets.length) out.targets = looseTargets;

  if (get("consumer_groups").length) out.consumer_groups = get("consumer_groups").map((g) => withTag(g.body, tag));

  const consumers = get("consumers").map((c) => ({ key: c.key, body: { ...withTag(c.body, tag) } as Json }));
  const consumerFor = (ref: string | undefined) => consumers.find((c) => c.key === ref || c.body.username === ref || c.body.id === ref || c.body.custom_id === ref);
  for (const cred of get("credentials")) {
    const parent = consumerFor(cred.refs.consumer);
    const coll = cred.credential ?? "keyauth_credentials";
    if (parent) {
      const existing = (parent.body[coll] as Json[] | undefined) ?? [];
      parent.body[coll] = [...existing, withTag(cred.body, tag)];
    } else {
      const loose = (out[coll] as Json[] | undefined) ?? [];
      out[coll] = [...loose, { ...withTag(cred.body, tag), consumer: cred.refs.consumer }];
    }
  }
  for (const m of get("consumer_group_members")) {
    const parent = consumerFor(m.refs.consumer);
    if (!parent) continue;
    const groups = (parent.body.groups as Json[] | undefined) ?? [];
    if (!groups.some((g) => g.name === m.refs.consumer_group)) parent.body.groups = [...groups, { name: m.refs.consumer_group }];
  }
  if (consumers.length) out.consumers = consumers.map((c) => c.body);

  const certificates = get("certificates").map((c) => ({ key: c.key, body: { ...withTag(c.body, tag) } as Json }));
  const looseSnis: Json[] = [];
  for (const s of get("snis")) {
    const parent = certificates.find((c) => c.key === s.refs.certificate || c.body.id === s.refs.certificate);
    if (parent) parent.body.snis = [...((parent.body.snis as Json[] | undefined) ?? []), withTag(s.body, tag)];
    else looseSnis.push({ ...withTag(s.body, tag), certificate: s.refs.certificate });
  }
  if (certificates.length) out.certificates = certificates.map((c) => c.body);
  if (looseSnis.length) out.snis = looseSnis;

  const keySets = get("key_sets").map((k) => ({ key: k.key, body: { ...withTag(k.body, tag) } as Json }));
  const looseKeys: Json[] = [];
  for (const k of get("keys")) {
    const parent = keySets.find((s) => s.key === k.refs.key_set);
    if (parent) parent.body.keys = [...((parent.body.keys as Json[] | undefined) ?? []), withTag(k.body, tag)];
    else looseKeys.push(k.refs.key_set ? { ...withTag(k.body, tag), set: k.refs.key_set } : withTag(k.body, tag));
  }
  if (keySets.length) out.key_sets = keySets.map((k) => k.body);
  if (looseKeys.length) out.keys = looseKeys;

  for (const simple of ["vaults", "ca_certificates", "partials", "cloned_plugins"] as const) {
    if (get(simple).length) out[simple] = get(simple).map((e) => withTag(e.body, tag));
  }
  if (get("plugins").length) out.plugins = get("plugins").map((p) => ({ ...withTag(p.body, tag), ...p.refs }));
  return out;
}

function dropKey(o: Json, k: string): Json {
  const { [k]: _drop, ...rest } = o;
  return rest;
}

