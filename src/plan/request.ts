/**
 * A validation block's request, as the rendered page's curl sends it (kong-docs-format §4.2):
 * a body without a method is a POST (`--json`), headers split at the first colon, `form_data`
 * as multipart fields, `insecure`/`mtls` switch to https. `$NAME` references stay as written.
 */
import type { HeaderSpec, RequestSpec } from "./model.js";
import { forceHttps, joinUrl } from "./url.js";

type Rec = Record<string, unknown>;

/** `"Name: value"` split at the first colon, both sides trimmed; undefined when there is no name before a colon. */
export function splitHeader(line: unknown): HeaderSpec | undefined {
  const s = String(line);
  const i = s.indexOf(":");
  return i <= 0 ? undefined : { name: s.slice(0, i).trim(), value: s.slice(i + 1).trim() };
}

export function parseHeaderList(raw: unknown): HeaderSpec[] {
  const out: HeaderSpec[] = [];
  if (Array.isArray(raw)) {
    for (const h of raw) out.push(splitHeader(h) ?? { name: String(h).trim(), value: "" });
  } else if (raw && typeof raw === "object") {
    for (const [k, v] of Object.entries(raw as Rec)) out.push({ name: k, value: v == null ? "" : String(v) });
  }
  return out;
}

function hasHeader(headers: HeaderSpec[], name: string): boolean {
  return headers.some((h) => h.name.toLowerCase() === name.toLowerCase());
}

export function buildRequest(d: Rec, base: string, filesDir: string): RequestSpec {
  const form = readForm(d.form_data, typeof d.file_dir === "string" ? d.file_dir : undefined, filesDir);
  const hasBody = d.body !== undefined && d.body !== null;
  const method = typeof d.method === "string" && d.method ? d.method.toUpperCase() : hasBody || form ? "POST" : "GET";
  const insecure = d.insecure === true || d.mtls === true;
  let url = joinUrl(base, d.url == null ? "" : String(d.url));
  if (insecure) url = forceHttps(url);
  const headers = parseHeaderList(d.headers);
  const req: RequestSpec = { method, url, headers };
  if (hasBody) {
    // curl --json sets both headers unless the page sets them.
    if (!hasHeader(headers, "content-type")) headers.push({ name: "Content-Type", value: "application/json" });
    if (!hasHeader(headers, "accept")) headers.push({ name: "Accept", value: "application/json" });
    req.body = d.body;
  }
  if (form) req.form = form;
  if (typeof d.user === "string") req.user = d.user;
  if (insecure) req.insecure = true;
  if (typeof d.cookie === "string") req.cookie = d.cookie;
  if (typeof d.cookie_jar === "string") req.cookieJar = d.cookie_jar;
  return req;
}

function readForm(raw: unknown, fileDir: string | undefined, filesDir: string): RequestSpec["form"] {
  if (raw == null) return undefined;
  const pairs: [string, unknown][] = Array.isArray(raw)
    ? raw.flatMap((item) => (item && typeof item === "object" ? Object.entries(item as Rec) : []))
    : typeof raw === "object"
      ? Object.entries(raw as Rec)
      : [];
  return pairs.map(([name, v]) => {
    const value = v == null ? "" : String(v);
    if (value.startsWith("@")) {
      const file = [filesDir, fileDir, value.slice(1)].filter(Boolean).join("/");
      return { name, value, file };
    }
    return { name, value };
  });
}
