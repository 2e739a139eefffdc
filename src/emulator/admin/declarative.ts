/**
 * Loads a Kong declarative config (`_format_version` 1.1/2.1/3.0) into a fresh store: lifts nested
 * entities out (services[].routes, consumers[].keyauth_credentials, upstreams[].targets, …),
 * resolves references by name or id, and validates each entity with the Admin API's rules.
 */
import { BY_COLLECTION, LOAD_ORDER, entityDef, entityExists, type Json } from "../entities.js";
import { md5 } from "../ids.js";
import type { Runtime } from "../runtime.js";
import { Store } from "../state.js";
import { flattenFields } from "./errors.js";
import { buildEntity } from "./write.js";

const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

const FORMAT_VERSIONS = ["1.1", "2.1", "3.0"];

const CREDENTIALS = ["keyauth_credentials", "basicauth_credentials", "jwt_secrets", "acls", "hmacauth_credentials", "oauth2_credentials", "mtls_auth_credentials"];

/** Keys a declarative file may carry that are not entity collections. */
const META = new Set(["_format_version", "_transform", "_comment", "_workspace", "_info", "_konnect", "_plugin_configs"]);

interface Item {
  collection: string;
  input: Json;
  /** Where it came from, for error reporting: `services[0].routes[1]`. */
  where: string;
}

export interface FlatError {
  entity_type: string;
  entity_name?: unknown;
  entity_id?: unknown;
  entity_tags?: unknown;
  entity: Json;
  errors: { type: "field" | "entity"; field?: string; message: string }[];
}

export type LoadResult = { ok: true; store: Store; hash: string } | { ok: false; fields: Json; flattened: FlatError[] };

function ref(parentCollection: string, parent: Json): Json {
  if (typeof parent.id === "string") return { id: parent.id };
  const key = entityDef(parentCollection).endpointKeys[0];
  return key && parent[key] !== undefined ? { [key]: parent[key] } : {};
}

function lift(config: Json, version: string): { items: Item[]; topErrors: Json } {
  const items: Item[] = [];
  const topErrors: Json = {};
  const add = (collection: string, input: unknown, where: string) => {
    if (isObj(input)) items.push({ collection, input: { ...input }, where });
    else topErrors[where] = "expected a record";
  };
  const each = (v: unknown, where: string, f: (x: Json, w: string) => void) => {
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) {
      topErrors[where] = "expected an array";
      return;
    }
    v.forEach((x, i) => (isObj(x) ? f(x, `${where}[${i}]`) : (topErrors[`${where}[${i}]`] = "expected a record")));
  };
  const plugins = (owner: string, parent: Json, list: unknown, where: string) =>
    each(list, `${where}.plugins`, (p, w) => add("plugins", { ...p, [owner === "consumer_groups" ? "consumer_group" : owner.slice(0, -1)]: ref(owner, parent) }, w));

  for (const key of Object.keys(config)) {
    if (META.has(key)) continue;
    const def = BY_COLLECTION.get(key);
    if (!def || key === "consumer_group_consumers" || !entityExists(def, version)) topErrors[key] = "unknown field";
  }
  each(config.services, "services", (s, w) => {
    const { routes, plugins: ps, ...rest } = s;
    add("services", rest, w);
    each(routes, `${w}.routes`, (r, rw) => {
      const { plugins: rps, ...rr } = r;
      add("routes", { ...rr, service: ref("services", s) }, rw);
      plugins("routes", r, rps, rw);
    });
    plugins("services", s, ps, w);
  });
  each(config.routes, "routes", (r, w) => {
    const { plugins: rps, ...rr } = r;
    add("routes", rr, w);
    plugins("routes", r, rps, w);
  });
  each(config.consumers, "consumers", (c, w) => {
    const rest: Json = {};
    for (const [k, v] of Object.entries(c)) if (!CREDENTIALS.includes(k) && k !== "plugins" && k !== "groups") rest[k] = v;
    add("consumers", rest, w);
    for (const cred of CREDENTIALS) each(c[cred], `${w}.${cred}`, (x, xw) => add(cred, { ...x, consumer: ref("consumers", c) }, xw));
    plugins("consumers", c, c.plugins, w);
    each(c.groups, `${w}.groups`, (g, gw) => add("consumer_group_consumers", { consumer: ref("consumers", c), consumer_group: ref("consumer_groups", g) }, gw));
  });
  each(config.consumer_groups, "consumer_groups", (g, w) => {
    const { consumers, plugins: ps, ...rest } = g;
    add("consumer_groups", rest, w);
    each(consumers, `${w}.consumers`, (c, cw) => add("consumer_group_consumers", { consumer: ref("consumers", c), consumer_group: ref("consumer_groups", g) }, cw));
    plugins("consumer_groups", g, ps, w);
  });
  each(config.upstreams, "upstreams", (u, w) => {
    const { targets, ...rest } = u;
    add("upstreams", rest, w);
    each(targets, `${w}.targets`, (t, tw) => add("targets", { ...t, upstream: ref("upstreams", u) }, tw));
  });
  each(config.certificates, "certificates", (c, w) => {
    const { snis, ...rest } = c;
    add("certificates", rest, w);
    if (Array.isArray(snis)) snis.forEach((s, i) => add("snis", { ...(typeof s === "string" ? { name: s } : (s as Json)), certificate: ref("certificates", c) }, `${w}.snis[${i}]`));
  });
  for (const c of [...CREDENTIALS, "plugins", "targets", "snis", "ca_certificates", "vaults", "keys", "key_sets", "partials", "cloned_plugins"]) {
    if (topErrors[c]) continue;
    each(config[c], c, (x, w) => add(c, x, w));
  }
  return { items, topErrors };
}

/** Key order does not change the hash. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(",")}}`;
  return JSON.stringify(v ?? null);
}

export function loadDeclarative(rt: Runtime, config: Json): LoadResult {
  const fields: Json = {};
  const flattened: FlatError[] = [];
  const fv = config._format_version;
  if (fv === undefined) fields._format_version = "required field missing";
  else if (!FORMAT_VERSIONS.includes(String(fv))) fields._format_version = `expected one of: ${FORMAT_VERSIONS.join(", ")}`;
  const { items, topErrors } = lift(config, rt.version);
  Object.assign(fields, topErrors);

  const store = new Store();
  const ctx = { store, version: rt.version, plugins: rt.plugins, now: rt.now };
  for (const collection of LOAD_ORDER) {
    for (const item of items.filter((i) => i.collection === collection)) {
      const res = buildEntity(ctx, entityDef(collection), item.input, { mode: "create" });
      if (res.ok) {
        store.put(collection, res.entity);
        continue;
      }
      const body = res.error.body as { fields?: Json; message?: string };
      const errFields: Json = body.fields ?? { "@entity": [body.message ?? "invalid"] };
      if (res.error.status === 409) {
        const [k, v] = Object.entries(errFields)[0] ?? ["id", ""];
        errFields["@entity"] = [`uniqueness violation: '${collection}' entity with ${k} set to '${typeof v === "string" ? v : JSON.stringify(v)}' already declared`];
        delete errFields[k];
      }
      fields[item.where] = errFields;
      flattened.push({
        entity_type: collection === "consumer_group_consumers" ? "consumer_group_consumer" : collection.replace(/s$/, ""),
        entity_name: item.input.name ?? item.input.username,
        entity_id: item.input.id,
        entity_tags: item.input.tags,
        entity: item.input,
        errors: flattenFields(errFields).map((m) => {
          const i = m.indexOf(": ");
          return i > 0 && !m.startsWith("uniqueness") && !m.startsWith("at least") && !m.startsWith("must set")
            ? { type: "field" as const, field: m.slice(0, i), message: m.slice(i + 2) }
            : { type: "entity" as const, message: m };
        }),
      });
    }
  }
  if (Object.keys(fields).length) return { ok: false, fields, flattened };
  return { ok: true, store, hash: md5(canonicalJson(config)) };
}
