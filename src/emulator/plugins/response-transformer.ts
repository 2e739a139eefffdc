/**
 * response-transformer (priority 800) and response-transformer-advanced (800): rewrite response
 * headers and, for JSON responses, top-level body fields. Order: remove, rename, replace (only if
 * present), add (only if absent), append; `json_types` types the added values. The advanced variant
 * adds `if_status`, `replace.body` and `allow.json`.
 */
import type { EmulatedPlugin, Headers, Reply } from "./types.js";
import { splitPair } from "./transform-template.js";

type Part = { headers?: string[]; json?: string[]; json_types?: string[]; body?: string | null; if_status?: string[] };
interface Conf {
  remove?: Part;
  rename?: Part;
  replace?: Part;
  add?: Part;
  append?: Part;
  allow?: { json?: string[] | null } | null;
}

function typed(v: string, type: string | undefined): unknown {
  if (type === "number") return Number(v);
  if (type === "boolean") return v === "true";
  return v;
}

/** `if_status` entries are codes or ranges ("200", "400-499"). */
function statusMatches(list: string[] | undefined, status: number): boolean {
  if (!list?.length) return true;
  return list.some((s) => {
    const [a, b] = s.split("-").map(Number);
    return b === undefined ? status === a : status >= a && status <= b;
  });
}

function transformHeaders(h: Headers, conf: Conf, status: number): Headers {
  const out: Headers = { ...h };
  const ok = (p?: Part) => statusMatches(p?.if_status, status);
  if (ok(conf.remove)) for (const k of conf.remove?.headers ?? []) delete out[k.toLowerCase()];
  if (ok(conf.rename))
    for (const pair of conf.rename?.headers ?? []) {
      const [from, to] = splitPair(pair);
      if (out[from.toLowerCase()] !== undefined) {
        out[to.toLowerCase()] = out[from.toLowerCase()];
        delete out[from.toLowerCase()];
      }
    }
  if (ok(conf.replace))
    for (const pair of conf.replace?.headers ?? []) {
      const [k, v] = splitPair(pair);
      if (out[k.toLowerCase()] !== undefined) out[k.toLowerCase()] = v;
    }
  if (ok(conf.add))
    for (const pair of conf.add?.headers ?? []) {
      const [k, v] = splitPair(pair);
      if (out[k.toLowerCase()] === undefined) out[k.toLowerCase()] = v;
    }
  if (ok(conf.append))
    for (const pair of conf.append?.headers ?? []) {
      const [k, v] = splitPair(pair);
      const prev = out[k.toLowerCase()];
      out[k.toLowerCase()] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    }
  return out;
}

function transformJson(body: Buffer, conf: Conf, status: number): Buffer | undefined {
  const touched = ["remove", "rename", "replace", "add", "append"].some((p) => (conf[p as keyof Conf] as Part | undefined)?.json?.length) || !!conf.allow?.json?.length;
  if (!touched) return undefined;
  let obj: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(body.toString("utf8"));
    if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    obj = v as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const ok = (p?: Part) => statusMatches(p?.if_status, status);
  if (ok(conf.remove)) for (const k of conf.remove?.json ?? []) delete obj[k];
  if (ok(conf.rename))
    for (const pair of conf.rename?.json ?? []) {
      const [from, to] = splitPair(pair);
      if (from in obj) {
        obj[to] = obj[from];
        delete obj[from];
      }
    }
  const each = (p: Part | undefined, f: (k: string, v: unknown) => void) =>
    (p?.json ?? []).forEach((pair, i) => {
      const [k, v] = splitPair(pair);
      f(k, typed(v, p?.json_types?.[i]));
    });
  if (ok(conf.replace)) each(conf.replace, (k, v) => k in obj && (obj[k] = v));
  if (ok(conf.add)) each(conf.add, (k, v) => !(k in obj) && (obj[k] = v));
  if (ok(conf.append))
    each(conf.append, (k, v) => {
      const prev = obj[k];
      obj[k] = prev === undefined ? [v] : [...(Array.isArray(prev) ? prev : [prev]), v];
    });
  if (conf.allow?.json?.length) for (const k of Object.keys(obj)) if (!conf.allow.json.includes(k)) delete obj[k];
  return Buffer.from(JSON.stringify(obj));
}

function response(advanced: boolean) {
  return (_ctx: unknown, conf: Conf, reply: Reply): Reply => {
    const headers = transformHeaders(reply.headers, conf, reply.status);
    let body = reply.body;
    if (advanced && conf.replace?.body && statusMatches(conf.replace.if_status, reply.status)) body = Buffer.from(conf.replace.body);
    else if (String(reply.headers["content-type"] ?? "").toLowerCase().includes("json")) body = transformJson(reply.body, conf, reply.status) ?? reply.body;
    return { status: reply.status, headers, body };
  };
}

export const responseTransformer: EmulatedPlugin<Conf> = {
  name: "response-transformer",
  priority: 800,
  fidelity: "full",
  defaults: () => ({}),
  response: response(false),
};

export const responseTransformerAdvanced: EmulatedPlugin<Conf> = {
  name: "response-transformer-advanced",
  priority: 800,
  fidelity: "partial",
  gaps: ["`transform.functions` (Lua) are not run", "nested JSON paths (`a.b`) are treated as top-level keys"],
  defaults: () => ({}),
  response: response(true),
};
