/**
 * Route matching as Kong's `traditional_compatible` router does it: every configured field must
 * match (methods, hosts with wildcards, headers, paths as prefix or `~` regex), then the most specific
 * route wins (more criteria, exact host, more headers, regex by `regex_priority`, longer prefix,
 * older route). Compiled once per store generation.
 */
import type { Entity, Store } from "../state.js";

export interface RouteRequest {
  scheme: "http" | "https";
  host: string;
  method: string;
  /** Normalised path, no query. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface RouteMatch {
  route: Entity;
  service: Entity | null;
  /** The part of the path the route matched (prefix, or the regex's whole match). */
  matched: string;
  captures: Record<string, string>;
  /** The route would match but does not accept the request's scheme (426 or redirect). */
  protocolMismatch: boolean;
}

interface CompiledPath {
  raw: string;
  regex?: RegExp;
}

interface CompiledRoute {
  route: Entity;
  methods: string[] | null;
  hosts: { exact: string[]; wild: RegExp[] } | null;
  headers: [string, string[]][] | null;
  paths: CompiledPath[] | null;
  criteria: number;
  protocols: string[];
  regexPriority: number;
  createdAt: number;
  order: number;
}

const nonEmpty = (v: unknown): boolean =>
  Array.isArray(v) ? v.length > 0 : !!v && typeof v === "object" ? Object.keys(v).length > 0 : false;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Kong path regexes use PCRE / Rust syntax: `(?P<name>…)` becomes a JS named group. */
export function compileRegexPath(p: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${p.slice(1).replace(/\(\?P</g, "(?<")})`);
  } catch {
    return undefined;
  }
}

function compile(route: Entity, order: number): CompiledRoute {
  const methods = nonEmpty(route.methods) ? (route.methods as string[]).map((m) => m.toUpperCase()) : null;
  let hosts: CompiledRoute["hosts"] = null;
  if (nonEmpty(route.hosts)) {
    const exact: string[] = [];
    const wild: RegExp[] = [];
    for (const h of route.hosts as string[]) {
      const lower = h.toLowerCase().replace(/:\d+$/, "");
      if (lower.includes("*")) wild.push(new RegExp(`^${lower.split("*").map(escape).join(".+")}$`));
      else exact.push(lower);
    }
    hosts = { exact, wild };
  }
  const headers = nonEmpty(route.headers)
    ? Object.entries(route.headers as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), (Array.isArray(v) ? v : [v]).map(String)] as [string, string[]])
    : null;
  const paths = nonEmpty(route.paths)
    ? (route.paths as string[]).map((raw) => (raw.startsWith("~") ? { raw, regex: compileRegexPath(raw) } : { raw }))
    : null;
  return {
    route,
    methods,
    hosts,
    headers,
    paths,
    criteria: [methods, hosts, headers, paths, nonEmpty(route.snis) ? 1 : null].filter((x) => x !== null).length,
    protocols: Array.isArray(route.protocols) ? (route.protocols as string[]) : ["http", "https"],
    regexPriority: Number(route.regex_priority ?? 0),
    createdAt: Number(route.created_at ?? 0),
    order,
  };
}

interface Candidate {
  c: CompiledRoute;
  matched: string;
  captures: Record<string, string>;
  isRegex: boolean;
  exactHost: boolean;
}

function headerValues(h: RouteRequest["headers"], name: string): string[] {
  const v = h[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function matchHeaders(c: CompiledRoute, req: RouteRequest): boolean {
  if (!c.headers) return true;
  return c.headers.every(([name, values]) => {
    const got = headerValues(req.headers, name).flatMap((v) => v.split(",").map((s) => s.trim()));
    return values.some((want) => {
      if (want.startsWith("~*")) {
        try {
          const re = new RegExp(want.slice(2), "i");
          return got.some((g) => re.test(g));
        } catch {
          return false;
        }
      }
      return got.some((g) => g.toLowerCase() === want.toLowerCase());
    });
  });
}

function tryRoute(c: CompiledRoute, req: RouteRequest): Candidate | undefined {
  if (c.methods && !c.methods.includes(req.method.toUpperCase())) return undefined;
  let exactHost = false;
  if (c.hosts) {
    const host = req.host.toLowerCase();
    exactHost = c.hosts.exact.includes(host);
    if (!exactHost && !c.hosts.wild.some((w) => w.test(host))) return undefined;
  }
  if (!matchHeaders(c, req)) return undefined;
  if (!c.paths) return { c, matched: "", captures: {}, isRegex: false, exactHost };
  let best: Candidate | undefined;
  for (const p of c.paths) {
    if (p.regex) {
      const m = p.regex.exec(req.path);
      if (!m) continue;
      const captures: Record<string, string> = {};
      m.slice(1).forEach((v, i) => v !== undefined && (captures[String(i + 1)] = v));
      for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) captures[k] = v;
      captures["0"] = m[0];
      // Regex paths outrank prefix paths of the same route.
      if (!best || !best.isRegex) best = { c, matched: m[0], captures, isRegex: true, exactHost };
    } else if (req.path.startsWith(p.raw)) {
      if (!best || (!best.isRegex && p.raw.length > best.matched.length)) best = { c, matched: p.raw, captures: {}, isRegex: false, exactHost };
    }
  }
  return best;
}

/** Most specific first. */
function compare(a: Candidate, b: Candidate): number {
  return (
    b.c.criteria - a.c.criteria ||
    Number(b.exactHost) - Number(a.exactHost) ||
    (b.c.headers?.length ?? 0) - (a.c.headers?.length ?? 0) ||
    Number(b.isRegex) - Number(a.isRegex) ||
    (a.isRegex && b.isRegex ? b.c.regexPriority - a.c.regexPriority : 0) ||
    b.matched.length - a.matched.length ||
    a.c.createdAt - b.c.createdAt ||
    a.c.order - b.c.order
  );
}

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(private readonly store: Store) {
    this.routes = store
      .list("routes")
      .filter((r) => (r.protocols as string[] | null)?.some((p) => p === "http" || p === "https") ?? true)
      .map(compile);
  }

  match(req: RouteRequest): RouteMatch | undefined {
    const candidates: Candidate[] = [];
    for (const c of this.routes) {
      // An https-only route still matches plain http so that Kong can answer 426 or redirect.
      if (!c.protocols.includes(req.scheme) && !(req.scheme === "http" && c.protocols.includes("https"))) continue;
      const cand = tryRoute(c, req);
      if (cand) candidates.push(cand);
    }
    if (!candidates.length) return undefined;
    candidates.sort(compare);
    const best = candidates[0];
    const sid = (best.c.route.service as { id?: string } | null)?.id;
    return {
      route: best.c.route,
      service: sid ? this.store.get("services", sid) ?? null : null,
      matched: best.matched,
      captures: best.captures,
      protocolMismatch: !best.c.protocols.includes(req.scheme),
    };
  }
}

/**
 * Kong's path normalisation before matching: percent-decode unreserved characters, collapse `//`,
 * resolve `.` and `..` segments.
 */
export function normalisePath(raw: string): string {
  let p = raw.replace(/%([0-9a-fA-F]{2})/g, (m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : m.toUpperCase();
  });
  p = p.replace(/\/{2,}/g, "/");
  const out: string[] = [];
  const segs = p.split("/");
  segs.forEach((s, i) => {
    if (s === ".") {
      if (i === segs.length - 1) out.push("");
      return;
    }
    if (s === "..") {
      if (out.length > 1) out.pop();
      if (i === segs.length - 1) out.push("");
      return;
    }
    out.push(s);
  });
  const joined = out.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/**
 * The upstream path for a matched route (the `path_handling` table in Kong's route docs).
 * v0 joins service path and the rest with one slash; v1 concatenates them.
 */
export function upstreamPath(servicePath: string | null | undefined, reqPath: string, matched: string, stripPath: boolean, handling: string): string {
  const base = servicePath || "/";
  if (!stripPath) {
    if (base === "/") return reqPath;
    return base.endsWith("/") ? base.slice(0, -1) + reqPath : base + reqPath;
  }
  const rest = reqPath.slice(matched.length);
  if (handling === "v1") {
    if (rest === "") return base;
    return base.endsWith("/") && rest.startsWith("/") ? base.slice(0, -1) + rest : base + rest;
  }
  if (rest === "") {
    if (base === "/") return "/";
    return reqPath.endsWith("/") && !base.endsWith("/") ? `${base}/` : base;
  }
  if (base.endsWith("/")) return rest.startsWith("/") ? base.slice(0, -1) + rest : base + rest;
  return rest.startsWith("/") ? base + rest : `${base}/${rest}`;
}
