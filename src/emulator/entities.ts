/**
 * The entity types the Admin API serves: storage name, URL segments, endpoint keys, foreign keys,
 * defaults and the entity-level checks Kong applies (gateway-target.md §3, EE 3.15 OpenAPI
 * `components/schemas`). Plugins are an entity too; their `config` is validated in `plugin-config.ts`.
 */
import { randomKey } from "./ids.js";
import { atLeast, routeProtocolsDefault } from "./version.js";

export type Json = Record<string, unknown>;

export interface ForeignField {
  field: string;
  collection: string;
  required?: boolean;
  /** Deleting the referenced entity deletes this one (credentials, plugins); otherwise it is refused. */
  cascade?: boolean;
}

export interface EntityDef {
  /** Storage and declarative name: `services`, `keyauth_credentials`. */
  collection: string;
  /** Top-level Admin API segment: `/services`, `/key-auths`. */
  path: string;
  /** Segment under the parent: `/consumers/{c}/key-auth`. */
  nestedPath?: string;
  /** The owning entity for nested endpoints (consumer of a credential, upstream of a target). */
  parent?: ForeignField;
  /** Fields that identify an item in a URL besides `id` (Kong's endpoint_key). */
  endpointKeys: string[];
  /** Fields unique across the collection. */
  unique: string[];
  required: string[];
  foreign: ForeignField[];
  defaults(version: string): Json;
  /** Values generated when absent (credential keys). */
  generate?(): Json;
  /** Entity-level rules: field → message, with "@entity" for whole-entity messages. */
  check?(e: Json, version: string): Record<string, string | string[]>;
  /** Fields that hold arrays (a single form value becomes a one-item array). */
  arrays?: string[];
  /** Fields that hold integers or booleans (form bodies arrive as text). */
  numbers?: string[];
  booleans?: string[];
  /** First Kong version with this entity (older versions answer 404 / "unknown field"). */
  minVersion?: string;
}

const nulls = (...f: string[]): Json => Object.fromEntries(f.map((k) => [k, null]));
const isRecord = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

const credential = (collection: string, path: string, nestedPath: string, rest: Partial<EntityDef>): EntityDef => ({
  collection,
  path,
  nestedPath,
  parent: { field: "consumer", collection: "consumers", required: true, cascade: true },
  endpointKeys: [],
  unique: [],
  required: [],
  foreign: [{ field: "consumer", collection: "consumers", required: true, cascade: true }],
  defaults: () => ({ tags: null }),
  arrays: ["tags"],
  ...rest,
});

export const ENTITIES: EntityDef[] = [
  {
    collection: "services",
    path: "services",
    endpointKeys: ["name"],
    unique: ["name"],
    required: ["host"],
    foreign: [{ field: "client_certificate", collection: "certificates" }],
    defaults: () => ({
      protocol: "http",
      port: 80,
      retries: 5,
      connect_timeout: 60000,
      write_timeout: 60000,
      read_timeout: 60000,
      enabled: true,
      ...nulls("name", "path", "tags", "client_certificate", "tls_verify", "tls_verify_depth", "ca_certificates"),
    }),
    check(e) {
      const out: Record<string, string> = {};
      const proto = e.protocol;
      if (!["http", "https", "grpc", "grpcs", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss"].includes(String(proto))) {
        out.protocol = "expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp, ws, wss";
      }
      if (typeof e.port === "number" && (e.port < 0 || e.port > 65535 || !Number.isInteger(e.port))) out.port = "value should be between 0 and 65535";
      if (e.path != null && (typeof e.path !== "string" || !e.path.startsWith("/"))) out.path = "should start with: /";
      return out;
    },
    arrays: ["tags", "ca_certificates"],
    numbers: ["port", "retries", "connect_timeout", "write_timeout", "read_timeout", "tls_verify_depth"],
    booleans: ["enabled", "tls_verify"],
  },
  {
    collection: "routes",
    path: "routes",
    nestedPath: "routes",
    parent: { field: "service", collection: "services" },
    endpointKeys: ["name"],
    unique: ["name"],
    required: [],
    foreign: [{ field: "service", collection: "services" }],
    defaults: (version) => ({
      protocols: routeProtocolsDefault(version),
      https_redirect_status_code: 426,
      regex_priority: 0,
      strip_path: true,
      path_handling: "v0",
      preserve_host: false,
      request_buffering: true,
      response_buffering: true,
      ...nulls("name", "methods", "hosts", "paths", "headers", "snis", "sources", "destinations", "tags", "service"),
    }),
    check(e) {
      const out: Record<string, string | string[]> = {};
      const protocols = Array.isArray(e.protocols) ? (e.protocols as string[]) : [];
      const bad = protocols.filter((p) => !["http", "https", "grpc", "grpcs", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss"].includes(p));
      if (bad.length) out.protocols = `expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp, ws, wss`;
      const isHttp = protocols.some((p) => p === "http" || p === "https");
      const set = (k: string) => {
        const v = e[k];
        return Array.isArray(v) ? v.length > 0 : v != null && typeof v === "object" ? Object.keys(v).length > 0 : false;
      };
      if (isHttp && !["methods", "hosts", "headers", "paths", "snis"].some(set)) {
        const p = protocols.includes("http") ? "http" : "https";
        out["@entity"] = [`must set one of 'methods', 'hosts', 'headers', 'paths'${p === "https" ? ", 'snis'" : ""} when 'protocols' is '${p}'`];
      }
      if (Array.isArray(e.paths)) {
        const badPath = (e.paths as unknown[]).find((p) => typeof p !== "string" || !(p.startsWith("/") || p.startsWith("~/")));
        if (badPath !== undefined) out.paths = "should start with: / (fixed path) or ~/ (regex path)";
        else {
          for (const p of e.paths as string[]) {
            if (!p.startsWith("~")) continue;
            try {
              new RegExp(p.slice(1).replace(/\(\?P</g, "(?<"));
            } catch {
              out.paths = `invalid regex: '${p.slice(1)}'`;
            }
          }
        }
      }
      if (!["v0", "v1"].includes(String(e.path_handling))) out.path_handling = "expected one of: v0, v1";
      if (![426, 301, 302, 307, 308].includes(Number(e.https_redirect_status_code))) {
        out.https_redirect_status_code = "expected one of: 426, 301, 302, 307, 308";
      }
      return out;
    },
    arrays: ["protocols", "methods", "hosts", "paths", "snis", "tags"],
    numbers: ["regex_priority", "https_redirect_status_code"],
    booleans: ["strip_path", "preserve_host", "request_buffering", "response_buffering"],
  },
  {
    collection: "consumers",
    path: "consumers",
    endpointKeys: ["username", "custom_id"],
    unique: ["username", "custom_id"],
    required: [],
    foreign: [],
    defaults: () => nulls("username", "custom_id", "tags"),
    check(e): Record<string, string[]> {
      const has = (k: string) => typeof e[k] === "string" && (e[k] as string).length > 0;
      return has("username") || has("custom_id") ? {} : { "@entity": ["at least one of these fields must be non-empty: 'custom_id', 'username'"] };
    },
    arrays: ["tags"],
  },
  {
    collection: "plugins",
    path: "plugins",
    nestedPath: "plugins",
    endpointKeys: ["instance_name"],
    unique: ["instance_name"],
    required: ["name"],
    foreign: [
      { field: "service", collection: "services", cascade: true },
      { field: "route", collection: "routes", cascade: true },
      { field: "consumer", collection: "consumers", cascade: true },
      { field: "consumer_group", collection: "consumer_groups", cascade: true },
    ],
    // Generic plugin fields by version (EE changelog): `partials` 3.10, `condition` 3.14.
    defaults: (version) => ({
      enabled: true,
      ...nulls("instance_name", "tags", "service", "route", "consumer", "consumer_group", "ordering"),
      ...(atLeast(version, "3.10") ? nulls("partials") : {}),
      ...(atLeast(version, "3.14") ? nulls("condition") : {}),
    }),
    check(e) {
      const out: Record<string, string> = {};
      if (e.condition != null && typeof e.condition !== "string") out.condition = "expected a string";
      if (e.ordering != null) {
        const o = e.ordering;
        const okPhase = (v: unknown) =>
          v == null || (isRecord(v) && Object.entries(v).every(([k, x]) => k === "access" && Array.isArray(x) && x.every((n) => typeof n === "string")));
        if (!isRecord(o) || Object.keys(o).some((k) => k !== "before" && k !== "after") || !okPhase(o.before) || !okPhase(o.after)) {
          out.ordering = "expected a record with 'before' and/or 'after' holding 'access' lists of plugin names";
        }
      }
      if (e.partials != null && (!Array.isArray(e.partials) || e.partials.some((x) => !isRecord(x)))) out.partials = "expected an array of records";
      return out;
    },
    arrays: ["tags", "protocols"],
    booleans: ["enabled"],
  },
  {
    collection: "upstreams",
    path: "upstreams",
    endpointKeys: ["name"],
    unique: ["name"],
    required: ["name"],
    foreign: [{ field: "client_certificate", collection: "certificates" }],
    defaults: () => ({
      algorithm: "round-robin",
      hash_on: "none",
      hash_fallback: "none",
      hash_on_cookie_path: "/",
      slots: 10000,
      use_srv_name: false,
      healthchecks: {
        threshold: 0,
        active: { type: "http", http_path: "/", timeout: 1, concurrency: 10, https_verify_certificate: true,
          healthy: { interval: 0, successes: 0, http_statuses: [200, 302] },
          unhealthy: { interval: 0, http_failures: 0, tcp_failures: 0, timeouts: 0, http_statuses: [429, 404, 500, 501, 502, 503, 504, 505] } },
        passive: { type: "http",
          healthy: { successes: 0, http_statuses: [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308] },
          unhealthy: { http_failures: 0, tcp_failures: 0, timeouts: 0, http_statuses: [429, 500, 503] } },
      },
      ...nulls("tags", "host_header", "client_certificate", "hash_on_header", "hash_fallback_header", "hash_on_cookie", "hash_on_query_arg", "hash_fallback_query_arg", "hash_on_uri_capture", "hash_fallback_uri_capture"),
    }),
    check(e): Record<string, string> {
      const algos = ["round-robin", "consistent-hashing", "least-connections", "latency", "sticky-sessions"];
      return algos.includes(String(e.algorithm)) ? {} : { algorithm: `expected one of: ${algos.join(", ")}` };
    },
    arrays: ["tags"],
    numbers: ["slots"],
  },
  {
    collection: "targets",
    path: "targets",
    nestedPath: "targets",
    parent: { field: "upstream", collection: "upstreams", required: true, cascade: true },
    endpointKeys: ["target"],
    unique: [],
    required: ["target"],
    foreign: [{ field: "upstream", collection: "upstreams", required: true, cascade: true }],
    defaults: () => ({ weight: 100, tags: null }),
    check(e) {
      const out: Record<string, string> = {};
      if (typeof e.weight === "number" && (e.weight < 0 || e.weight > 65535)) out.weight = "value should be between 0 and 65535";
      return out;
    },
    arrays: ["tags"],
    numbers: ["weight"],
  },
  {
    collection: "consumer_groups",
    path: "consumer_groups",
    endpointKeys: ["name"],
    unique: ["name"],
    required: ["name"],
    foreign: [],
    defaults: () => ({ tags: null }),
    arrays: ["tags"],
  },
  {
    collection: "consumer_group_consumers",
    path: "consumer_group_consumers",
    endpointKeys: [],
    unique: [],
    required: [],
    foreign: [
      { field: "consumer_group", collection: "consumer_groups", required: true, cascade: true },
      { field: "consumer", collection: "consumers", required: true, cascade: true },
    ],
    defaults: () => ({}),
  },
  {
    collection: "vaults",
    path: "vaults",
    endpointKeys: ["prefix"],
    unique: ["prefix"],
    required: ["name", "prefix"],
    foreign: [],
    defaults: () => ({ config: {}, ...nulls("description", "tags") }),
    arrays: ["tags"],
  },
  {
    collection: "certificates",
    path: "certificates",
    endpointKeys: [],
    unique: [],
    required: ["cert", "key"],
    foreign: [],
    defaults: () => nulls("cert_alt", "key_alt", "tags", "snis"),
    arrays: ["tags", "snis"],
  },
  {
    collection: "snis",
    path: "snis",
    nestedPath: "snis",
    parent: { field: "certificate", collection: "certificates", required: true, cascade: true },
    endpointKeys: ["name"],
    unique: ["name"],
    required: ["name"],
    foreign: [{ field: "certificate", collection: "certificates", required: true, cascade: true }],
    defaults: () => ({ tags: null }),
    arrays: ["tags"],
  },
  {
    collection: "ca_certificates",
    path: "ca_certificates",
    endpointKeys: [],
    unique: [],
    required: ["cert"],
    foreign: [],
    defaults: () => nulls("cert_digest", "tags"),
    arrays: ["tags"],
  },
  {
    collection: "keys",
    path: "keys",
    endpointKeys: ["name"],
    unique: ["name"],
    required: ["kid"],
    foreign: [{ field: "set", collection: "key_sets" }],
    defaults: () => nulls("name", "jwk", "pem", "set", "tags"),
    arrays: ["tags"],
  },
  {
    collection: "key_sets",
    path: "key-sets",
    endpointKeys: ["name"],
    unique: ["name"],
    required: [],
    foreign: [],
    defaults: () => nulls("name", "tags"),
    arrays: ["tags"],
  },
  {
    collection: "partials",
    path: "partials",
    endpointKeys: ["name"],
    unique: ["name"],
    required: ["type"],
    foreign: [],
    defaults: () => ({ config: {}, ...nulls("name", "tags") }),
    arrays: ["tags"],
  },
  {
    collection: "cloned_plugins",
    path: "cloned-plugins",
    endpointKeys: ["name"],
    unique: ["name"],
    required: ["name", "ref"],
    foreign: [],
    defaults: () => nulls("priority", "tags"),
    check(e) {
      const out: Record<string, string> = {};
      const p = e.priority;
      if (p != null && (typeof p !== "number" || !Number.isInteger(p) || p < -2147483648 || p > 2147483647)) {
        out.priority = "expected an integer between -2147483648 and 2147483647";
      }
      return out;
    },
    arrays: ["tags"],
    numbers: ["priority"],
    minVersion: "3.15",
  },
  credential("keyauth_credentials", "key-auths", "key-auth", {
    endpointKeys: ["key"],
    unique: ["key"],
    generate: () => ({ key: randomKey() }),
    defaults: () => nulls("tags", "ttl"),
  }),
  credential("basicauth_credentials", "basic-auths", "basic-auth", {
    endpointKeys: ["username"],
    unique: ["username"],
    required: ["username", "password"],
  }),
  credential("jwt_secrets", "jwts", "jwt", {
    endpointKeys: ["key"],
    unique: ["key"],
    generate: () => ({ key: randomKey(), secret: randomKey() }),
    defaults: () => ({ algorithm: "HS256", ...nulls("rsa_public_key", "tags") }),
    check(e): Record<string, string> {
      const algos = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA"];
      if (!algos.includes(String(e.algorithm))) return { algorithm: `expected one of: ${algos.join(", ")}` };
      if (/^(RS|ES|PS|Ed)/.test(String(e.algorithm)) && !e.rsa_public_key) return { rsa_public_key: "required field missing" };
      return {};
    },
  }),
  credential("acls", "acls", "acls", { required: ["group"] }),
  credential("hmacauth_credentials", "hmac-auths", "hmac-auth", {
    endpointKeys: ["username"],
    unique: ["username"],
    required: ["username"],
    generate: () => ({ secret: randomKey() }),
  }),
  credential("oauth2_credentials", "oauth2", "oauth2", {
    endpointKeys: ["client_id"],
    unique: ["client_id"],
    required: ["name"],
    generate: () => ({ client_id: randomKey(), client_secret: randomKey() }),
    defaults: () => ({ client_type: "confidential", hash_secret: false, redirect_uris: null, tags: null }),
    arrays: ["tags", "redirect_uris"],
  }),
  credential("mtls_auth_credentials", "mtls-auths", "mtls-auth", {
    required: ["subject_name"],
    defaults: () => nulls("ca_certificate", "tags"),
  }),
];

export const BY_COLLECTION = new Map(ENTITIES.map((d) => [d.collection, d]));
export const BY_PATH = new Map(ENTITIES.map((d) => [d.path, d]));

/** Whether the emulated version has this entity type. */
export function entityExists(def: EntityDef, version: string): boolean {
  return !def.minVersion || atLeast(version, def.minVersion);
}

export function entityDef(collection: string): EntityDef {
  const d = BY_COLLECTION.get(collection);
  if (!d) throw new Error(`unknown entity collection ${collection}`);
  return d;
}

/** Nested endpoints under a parent: `/consumers/{c}/key-auth` → keyauth_credentials. */
export function nestedDef(parentCollection: string, segment: string): EntityDef | undefined {
  if (segment === "plugins" && ["services", "routes", "consumers", "consumer_groups"].includes(parentCollection)) {
    return BY_COLLECTION.get("plugins");
  }
  return ENTITIES.find((d) => d.nestedPath === segment && d.parent?.collection === parentCollection);
}

/** The foreign field a nested child uses to point at its parent (plugins: the parent's singular). */
export function parentField(parentCollection: string, child: EntityDef): string | undefined {
  if (child.collection === "plugins") {
    return ({ services: "service", routes: "route", consumers: "consumer", consumer_groups: "consumer_group" } as Record<string, string>)[parentCollection];
  }
  return child.parent?.collection === parentCollection ? child.parent.field : undefined;
}

/** Order in which collections are loaded (parents before children) and deleted (reverse). */
export const LOAD_ORDER = [
  "certificates", "ca_certificates", "snis", "key_sets", "keys", "vaults", "partials", "cloned_plugins",
  "services", "routes", "consumers", "consumer_groups", "consumer_group_consumers",
  "upstreams", "targets",
  "keyauth_credentials", "basicauth_credentials", "jwt_secrets", "acls", "hmacauth_credentials", "oauth2_credentials", "mtls_auth_credentials",
  "plugins",
];
