/**
 * request-transformer (priority 801) and request-transformer-advanced (802): rewrite method, headers,
 * body (JSON or form), URI and query string before proxying. Per part the order is remove, rename,
 * replace (only if present), add (only if absent), append. Template errors answer 500.
 */
import type { EmulatedPlugin, ProxyCtx, Reply } from "./types.js";
import { renderTemplate, splitPair, TemplateError } from "./transform-template.js";
import { kongError } from "./util.js";

type Part = { headers?: string[]; querystring?: string[]; body?: string[]; uri?: string | null; json_types?: string[] };
interface Conf {
  http_method?: string | null;
  remove?: Part;
  rename?: Part;
  replace?: Part;
  add?: Part;
  append?: Part;
  allow?: { body?: string[] | null } | null;
}

type Bag = { has(k: string): boolean; get(k: string): unknown; set(k: string, v: unknown): void; delete(k: string): void; append(k: string, v: string): void };

function headerBag(ctx: ProxyCtx): Bag {
  const h = ctx.request.headers;
  return {
    has: (k) => h[k.toLowerCase()] !== undefined,
    get: (k) => h[k.toLowerCase()],
    set: (k, v) => void (h[k.toLowerCase()] = v as string),
    delete: (k) => void delete h[k.toLowerCase()],
    append: (k, v) => {
      const prev = h[k.toLowerCase()];
      h[k.toLowerCase()] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    },
  };
}

function queryBag(ctx: ProxyCtx): Bag {
  const q = ctx.request.query;
  return {
    has: (k) => q.has(k),
    get: (k) => q.get(k),
    set: (k, v) => q.set(k, String(v)),
    delete: (k) => q.delete(k),
    append: (k, v) => q.append(k, v),
  };
}

function objBag(o: Record<string, unknown>): Bag {
  return {
    has: (k) => k in o,
    get: (k) => o[k],
    set: (k, v) => void (o[k] = v),
    delete: (k) => void delete o[k],
    append: (k, v) => {
      const prev = o[k];
      o[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    },
  };
}

function apply(bag: Bag, conf: Conf, part: "headers" | "querystring" | "body", ctx: ProxyCtx): void {
  for (const k of conf.remove?.[part] ?? []) bag.delete(k.includes(":") ? splitPair(k)[0] : k);
  for (const pair of conf.rename?.[part] ?? []) {
    const [from, to] = splitPair(pair);
    if (bag.has(from)) {
      const v = bag.get(from);
      bag.delete(from);
      bag.set(to, v);
    }
  }
  for (const pair of conf.replace?.[part] ?? []) {
    const [k, v] = splitPair(pair);
    if (bag.has(k)) bag.set(k, renderTemplate(v, ctx));
  }
  for (const pair of conf.add?.[part] ?? []) {
    const [k, v] = splitPair(pair);
    if (!bag.has(k)) bag.set(k, renderTemplate(v, ctx));
  }
  for (const pair of conf.append?.[part] ?? []) {
    const [k, v] = splitPair(pair);
    bag.append(k, renderTemplate(v, ctx));
  }
}

function transformBody(ctx: ProxyCtx, conf: Conf): void {
  const touched = ["remove", "rename", "replace", "add", "append"].some((p) => (conf[p as keyof Conf] as Part | undefined)?.body?.length) || !!conf.allow?.body?.length;
  if (!touched) return;
  const ct = String(ctx.request.headers["content-type"] ?? "").toLowerCase();
  const text = ctx.request.body.toString("utf8");
  if (ct.includes("application/json") || (!ct && text.trim().startsWith("{"))) {
    let obj: Record<string, unknown> = {};
    try {
      const v: unknown = text ? JSON.parse(text) : {};
      if (v && typeof v === "object" && !Array.isArray(v)) obj = v as Record<string, unknown>;
      else return;
    } catch {
      return;
    }
    apply(objBag(obj), conf, "body", ctx);
    if (conf.allow?.body?.length) for (const k of Object.keys(obj)) if (!conf.allow.body.includes(k)) delete obj[k];
    ctx.request.body = Buffer.from(JSON.stringify(obj));
  } else if (ct.includes("application/x-www-form-urlencoded") || !ct) {
    const params = new URLSearchParams(text);
    apply(
      { has: (k) => params.has(k), get: (k) => params.get(k), set: (k, v) => params.set(k, String(v)), delete: (k) => params.delete(k), append: (k, v) => params.append(k, v) },
      conf,
      "body",
      ctx,
    );
    if (conf.allow?.body?.length) for (const k of [...params.keys()]) if (!conf.allow.body.includes(k)) params.delete(k);
    ctx.request.body = Buffer.from(params.toString());
    if (!ct && params.size) ctx.request.headers["content-type"] = "application/x-www-form-urlencoded";
  } else {
    ctx.unemulated.add(String(ctx.shared.get("transformer-name") ?? "request-transformer"));
  }
}

function access(name: string) {
  return (ctx: ProxyCtx, conf: Conf): Reply | void => {
    try {
      ctx.shared.set("transformer-name", name);
      if (conf.http_method) ctx.request.method = conf.http_method.toUpperCase();
      const hostBefore = ctx.request.headers["host"];
      apply(headerBag(ctx), conf, "headers", ctx);
      const host = ctx.request.headers["host"];
      // Only a configured Host change overrides the service's host upstream.
      if (host !== undefined && host !== hostBefore) ctx.shared.set("upstream-host-header", Array.isArray(host) ? host[0] : host);
      transformBody(ctx, conf);
      if (conf.replace?.uri && ctx.upstream) ctx.upstream = { ...ctx.upstream, path: renderTemplate(conf.replace.uri, ctx) };
      apply(queryBag(ctx), conf, "querystring", ctx);
    } catch (e) {
      if (e instanceof TemplateError) return kongError(ctx, 500, "An unexpected error occurred");
      throw e;
    }
  };
}

export const requestTransformer: EmulatedPlugin<Conf> = {
  name: "request-transformer",
  priority: 801,
  fidelity: "full",
  defaults: () => ({}),
  access: access("request-transformer"),
};

export const requestTransformerAdvanced: EmulatedPlugin<Conf> = {
  name: "request-transformer-advanced",
  priority: 802,
  fidelity: "partial",
  gaps: ["Lua expressions in templates (`$(...)` beyond headers/query_params/uri_captures/shared) answer 500", "multipart bodies are not transformed"],
  defaults: () => ({}),
  access: access("request-transformer-advanced"),
};
