/**
 * Request bodies as Kong's Admin API reads them: JSON, `application/x-www-form-urlencoded` with
 * `a.b=` nesting and `a[]=`/repeated keys for arrays (curl `--data` in the docs), or YAML for `/config`.
 * Form values are text, so known numeric/boolean/array entity fields are coerced (Kong coerces by schema).
 */
import { parse as parseYaml } from "yaml";
import type { EntityDef, Json } from "../entities.js";

export type Parsed = { ok: true; value: Json; form: boolean } | { ok: false; message: string };

const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

function setDeep(target: Json, key: string, value: string): void {
  const isArray = key.endsWith("[]");
  const parts = (isArray ? key.slice(0, -2) : key).split(".");
  let cur = target;
  for (const p of parts.slice(0, -1)) {
    if (!isObj(cur[p])) cur[p] = {};
    cur = cur[p] as Json;
  }
  const last = parts[parts.length - 1];
  const prev = cur[last];
  if (isArray) cur[last] = [...(Array.isArray(prev) ? prev : prev === undefined ? [] : [prev]), value];
  else if (prev !== undefined) cur[last] = [...(Array.isArray(prev) ? prev : [prev]), value];
  else cur[last] = value;
}

/** Form text to a typed value where the shape is obvious (numbers, booleans in `config`). */
function coerceScalar(v: unknown): unknown {
  if (typeof v !== "string") return Array.isArray(v) ? v.map(coerceScalar) : isObj(v) ? coerceTree(v) : v;
  if (v === "true") return true;
  if (v === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(v) && v.length < 16) return Number(v);
  return v;
}

function coerceTree(o: Json): Json {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, coerceScalar(v)]));
}

export function coerceForm(def: EntityDef | undefined, v: Json): Json {
  const out: Json = { ...v };
  if (isObj(out.config)) out.config = coerceTree(out.config);
  if (!def) return out;
  for (const k of def.arrays ?? []) if (typeof out[k] === "string") out[k] = [out[k]];
  for (const k of def.numbers ?? []) if (typeof out[k] === "string" && /^-?\d+$/.test(out[k] as string)) out[k] = Number(out[k]);
  for (const k of def.booleans ?? []) if (out[k] === "true" || out[k] === "false") out[k] = out[k] === "true";
  for (const f of ["service", "route", "consumer", "consumer_group", "upstream", "certificate"]) {
    if (typeof out[f] === "string") out[f] = { id: out[f] };
  }
  return out;
}

export function parseBody(raw: Buffer, contentType: string | undefined, allowYaml = false): Parsed {
  const text = raw.toString("utf8");
  if (!text.trim()) return { ok: true, value: {}, form: false };
  const ct = (contentType ?? "").toLowerCase();
  if (ct.includes("application/x-www-form-urlencoded")) {
    const value: Json = {};
    for (const [k, v] of new URLSearchParams(text)) setDeep(value, k, v);
    return { ok: true, value, form: true };
  }
  if (ct.includes("json") || (!allowYaml && !ct.includes("yaml"))) {
    try {
      const v: unknown = JSON.parse(text);
      if (!isObj(v)) return { ok: false, message: "Cannot parse JSON body" };
      return { ok: true, value: v, form: false };
    } catch {
      if (!allowYaml) return { ok: false, message: "Cannot parse JSON body" };
    }
  }
  try {
    const v: unknown = parseYaml(text, { version: "1.1", uniqueKeys: false });
    if (!isObj(v)) return { ok: false, message: "expected a declarative configuration" };
    return { ok: true, value: v, form: false };
  } catch (e) {
    return { ok: false, message: `failed parsing declarative configuration: ${(e as Error).message.split("\n")[0]}` };
  }
}
