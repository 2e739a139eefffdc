/** `POST /config` and `GET /config` (DB-less only), as `kong/api/routes/config.lua` answers them. */
import { stringify as toYaml } from "yaml";
import type { Json } from "../entities.js";
import type { Runtime } from "../runtime.js";
import { parseBody } from "./body.js";
import { loadDeclarative } from "./declarative.js";
import type { AdminResponse } from "./api.js";

const TRUTHY = new Set(["1", "true", "on", "yes"]);
const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);
const NOT_DBLESS = { status: 400, body: { message: "this endpoint is only available when Kong is configured to not use a database" } };

export function getConfig(rt: Runtime): AdminResponse {
  if (!rt.dbless) return NOT_DBLESS;
  return { status: 200, body: { config: toYaml(rt.declarative ?? { _format_version: "3.0" }) } };
}

export function postConfig(rt: Runtime, raw: Buffer, contentType: string, query: URLSearchParams): AdminResponse {
  if (!rt.dbless) return NOT_DBLESS;
  const parsed = parseBody(raw, contentType, true);
  if (!parsed.ok) return { status: 400, body: { message: parsed.message } };
  let config = parsed.value;
  const flag = (name: string) => TRUTHY.has(String(query.get(name) ?? config[name] ?? "").toLowerCase());
  const flatten = flag("flatten_errors");
  const checkHash = flag("check_hash");
  if (config._format_version === undefined && typeof config.config === "string") {
    const inner = parseBody(Buffer.from(config.config), "application/yaml", true);
    if (!inner.ok) return { status: 400, body: { message: inner.message } };
    config = inner.value;
  } else if (config._format_version === undefined && isObj(config.config)) {
    config = config.config;
  }
  for (const k of ["flatten_errors", "check_hash"]) delete config[k];
  if (!Object.keys(config).length) return { status: 400, body: { message: "expected a declarative configuration" } };

  const res = loadDeclarative(rt, config);
  if (!res.ok) {
    const body: Json = {
      code: 14,
      name: "invalid declarative configuration",
      message: `declarative config is invalid: ${JSON.stringify(res.fields)}`,
      fields: res.fields,
    };
    if (flatten) body.flattened_errors = res.flattened;
    return { status: 400, body };
  }
  if (checkHash && res.hash === rt.configHash) return { status: 304 };
  rt.store = res.store;
  rt.configHash = res.hash;
  rt.declarative = config;
  const entities: Json = {};
  for (const c of res.store.collections()) entities[c] = Object.fromEntries(res.store.list(c).map((e) => [e.id, e]));
  return { status: 201, body: entities };
}
