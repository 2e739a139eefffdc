/**
 * One request as the rendered page's curl would send it: URL moved onto the target, `$NAME`
 * references filled, JSON (`--json`) or multipart (`-F`) body, basic auth (`-u`), cookies and cookie
 * jars, `-k`. Answers are returned as data (status, headers, body, parsed JSON, the exchange for the
 * report); a transport failure is data too.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, isAbsolute, join } from "node:path";
import type { HttpExchange } from "../core/results.js";
import type { RequestSpec } from "../plan/model.js";
import { FormData } from "undici";
import { send, type HttpFailure, type HttpResponse } from "../gateway/client.js";
import type { CheckContext, TargetUrls } from "./context.js";
import { expand, expandDeep } from "./expand.js";

export interface Answer {
  exchange: HttpExchange;
  res?: HttpResponse;
  json?: unknown;
  error?: HttpFailure;
  unemulated: string[];
}

const EXCERPT = 2000;

/** Page URLs name the quickstart ports; the target may live anywhere. */
export function onTarget(url: string, t: TargetUrls): string {
  const swap = (re: RegExp, base: string | undefined): string | undefined => {
    if (!base) return undefined;
    const m = re.exec(url);
    return m ? base.replace(/\/+$/, "") + url.slice(m[0].length) : undefined;
  };
  return (
    swap(/^https?:\/\/(localhost|127\.0\.0\.1):8001(?=\/|$|\?)/, t.adminUrl) ??
    swap(/^https:\/\/(localhost|127\.0\.0\.1):8443(?=\/|$|\?)/, t.proxyHttpsUrl) ??
    swap(/^https?:\/\/(localhost|127\.0\.0\.1)(:8000)?(?=\/|$|\?)/, t.proxyUrl) ??
    url
  );
}

export async function exchange(spec: RequestSpec, ctx: CheckContext, opts: { control?: boolean } = {}): Promise<Answer> {
  const env = ctx.env;
  let url = onTarget(expand(spec.url, env), ctx.target);
  if (!/^[a-z]+:\/\//i.test(url)) url = `http://${url}`;
  const headers: Record<string, string> = {};
  if (opts.control) Object.assign(headers, ctx.target.adminHeaders);
  let body: string | FormData | undefined;
  if (spec.body !== undefined) {
    const filled = expandDeep(spec.body, env);
    body = typeof filled === "string" ? filled : JSON.stringify(filled);
    headers["content-type"] = "application/json";
    headers.accept = "application/json";
  } else if (spec.form?.length) {
    const form = new FormData();
    for (const f of spec.form) {
      const file = f.file ?? (f.value.startsWith("@") ? f.value.slice(1) : undefined);
      if (file) {
        const path = resolveFile(file, ctx);
        if (!path) {
          return failure(spec.method, url, headers, { code: "DOCVAL_FILE_NOT_FOUND", message: `form field '${f.name}' names file '${file}', which is not under ${ctx.filesDir}` });
        }
        form.append(f.name, new Blob([readFileSync(path)]), basename(path));
      } else form.append(f.name, expand(f.value, env));
    }
    body = form;
  }
  for (const h of spec.headers) {
    // curl would send a broken line as it is; no HTTP client or gateway accepts it, so say what is wrong.
    if (!HEADER_NAME.test(h.name)) {
      const quotes = /[\u2018\u2019\u201C\u201D]/.test(h.name) ? " (typographic quotes?)" : "";
      return failure(spec.method, url, headers, {
        code: "DOCVAL_INVALID_HEADER",
        message: `the page's header '${h.name}: ${h.value}' is not a valid HTTP header: the name '${h.name}' has characters HTTP does not allow${quotes}`,
      });
    }
    headers[h.name.toLowerCase()] = expand(h.value, env);
  }
  if (spec.user) headers.authorization = `Basic ${Buffer.from(expand(spec.user, env)).toString("base64")}`;
  const cookie = cookieHeader(spec, ctx);
  if (cookie) headers.cookie = headers.cookie ? `${headers.cookie}; ${cookie}` : cookie;

  const reqRecord: HttpExchange["request"] = { method: spec.method, url, headers: { ...headers } };
  if (typeof body === "string") reqRecord.body = body.slice(0, EXCERPT);
  else if (body) reqRecord.body = `(multipart: ${spec.form?.map((f) => f.name).join(", ")})`;

  const r = await send({ method: spec.method, url, headers, body, timeoutMs: ctx.timeoutMs, insecure: spec.insecure, signal: ctx.signal });
  if (!r.ok) return { exchange: { request: reqRecord, error: r.error }, error: r.error, unemulated: [] };
  const res = r.res;
  if (spec.cookieJar) storeCookies(ctx, spec.cookieJar, res.rawHeaders["set-cookie"] ?? []);
  let json: unknown;
  try {
    json = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    json = undefined;
  }
  const unemulated = (res.headers["x-docval-unemulated"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // An upstream host the embedded gateway refuses to contact: the answer says nothing about the docs.
  const unknownHost = res.headers["x-docval-unknown-upstream"];
  if (unknownHost) unemulated.push(...unknownHost.split(",").map((h) => `upstream ${h.trim()}`));
  return {
    exchange: {
      request: reqRecord,
      response: { status: res.status, headers: res.headers, bodyExcerpt: res.text.slice(0, EXCERPT), durationMs: Math.round(res.durationMs) },
    },
    res,
    json,
    unemulated,
  };
}

/** An HTTP header name is a token (RFC 9110 §5.1). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function failure(method: string, url: string, headers: Record<string, string>, error: HttpFailure): Answer {
  return { exchange: { request: { method, url, headers }, error }, error, unemulated: [] };
}

function resolveFile(file: string, ctx: CheckContext): string | undefined {
  const candidates = isAbsolute(file) ? [file] : [join(ctx.filesDir, file), join(ctx.root, file)];
  return candidates.find((p) => existsSync(p));
}

/** curl `--cookie X`: a `name=value` string is sent as is; anything else names a jar. */
function cookieHeader(spec: RequestSpec, ctx: CheckContext): string | undefined {
  if (!spec.cookie) return undefined;
  const value = expand(spec.cookie, ctx.env);
  if (value.includes("=")) return value;
  const jar = ctx.cookieJars.get(value);
  if (!jar || jar.size === 0) return undefined;
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

function storeCookies(ctx: CheckContext, jarName: string, setCookies: string[]): void {
  let jar = ctx.cookieJars.get(jarName);
  if (!jar) ctx.cookieJars.set(jarName, (jar = new Map()));
  for (const sc of setCookies) {
    const pair = sc.split(";")[0];
    const i = pair.indexOf("=");
    if (i > 0) jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
}

/** `Set-Cookie` headers reduced to `name=value; name2=value2` (what a later `cookie:` sends). */
export function cookiePairs(setCookies: string[]): string {
  return setCookies
    .map((sc) => sc.split(";")[0].trim())
    .filter((p) => p.includes("="))
    .join("; ");
}
