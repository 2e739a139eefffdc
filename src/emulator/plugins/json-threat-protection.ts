/**
 * json-threat-protection (priority 1009): checks POST/PUT/PATCH JSON bodies against size, depth,
 * entry-count, name-length, array-length and string-length limits; in `block` mode a violation
 * answers `error_status_code` (400) with `error_message` ("Bad Request"); `tap` mode lets it pass.
 */
import type { EmulatedPlugin } from "./types.js";
import { header, kongError } from "./util.js";

interface Conf {
  max_body_size: number;
  max_container_depth: number;
  max_object_entry_count: number;
  max_object_entry_name_length: number;
  max_array_element_count: number;
  max_string_value_length: number;
  enforcement_mode: "block" | "log_only" | "tap";
  error_status_code: number;
  error_message: string;
  allow_duplicate_object_entry_name: boolean;
  allow_non_json_requests: boolean;
}

const over = (limit: number, n: number) => limit >= 0 && n > limit;
const chars = (s: string) => [...s].length;

function violates(v: unknown, conf: Conf, depth: number): boolean {
  if (Array.isArray(v)) {
    if (over(conf.max_container_depth, depth) || over(conf.max_array_element_count, v.length)) return true;
    return v.some((x) => violates(x, conf, depth + 1));
  }
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    if (over(conf.max_container_depth, depth) || over(conf.max_object_entry_count, entries.length)) return true;
    return entries.some(([k, x]) => over(conf.max_object_entry_name_length, chars(k)) || violates(x, conf, depth + 1));
  }
  return typeof v === "string" && over(conf.max_string_value_length, chars(v));
}

export const jsonThreatProtection: EmulatedPlugin<Conf> = {
  name: "json-threat-protection",
  priority: 1009,
  fidelity: "partial",
  gaps: ["duplicate object entry names are not detected (JSON.parse keeps the last one)"],
  defaults: () => ({
    max_body_size: 8192, max_container_depth: -1, max_object_entry_count: -1, max_object_entry_name_length: -1,
    max_array_element_count: -1, max_string_value_length: -1, enforcement_mode: "block", error_status_code: 400,
    error_message: "Bad Request", allow_duplicate_object_entry_name: true, allow_non_json_requests: false,
  }),
  access(ctx, conf) {
    if (!["POST", "PUT", "PATCH"].includes(ctx.request.method)) return;
    const block = conf.enforcement_mode === "block";
    const fail = () => (block ? kongError(ctx, conf.error_status_code ?? 400, conf.error_message ?? "Bad Request") : undefined);
    const len = header(ctx.request.headers, "content-length");
    if (conf.max_body_size >= 0 && (len === undefined ? block : Number(len) > conf.max_body_size)) {
      if (len !== undefined || ctx.request.body.length > 0) return fail();
    }
    const text = ctx.request.body.toString("utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      if (conf.allow_non_json_requests) return;
      return fail();
    }
    if (violates(parsed, conf, 1)) return fail();
  },
};
