/**
 * A reproduction curl for a failing check, built from the plan's request (so `$NAME` references stay
 * references and no secret value is printed), pointed at the target the run used.
 */
import type { RequestSpec } from "../plan/model.js";
import type { TargetUrls } from "./context.js";
import { onTarget } from "./request.js";

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** Double quotes keep `$NAME` expandable by the reader's shell, as the page's own snippet does. */
const dq = (s: string): string => `"${s.replace(/(["\\`])/g, "\\$1")}"`;

export function reproCurl(spec: RequestSpec, target: TargetUrls, opts: { control?: boolean; adminHeaderNames?: string[] } = {}): string {
  const parts = ["curl", "-i"];
  if (spec.insecure) parts.push("-k");
  const hasBody = spec.body !== undefined || (spec.form?.length ?? 0) > 0;
  if (spec.method !== "GET" && !(spec.method === "POST" && hasBody)) parts.push("-X", spec.method);
  parts.push(dq(onTarget(spec.url, target)));
  if (opts.control) for (const n of opts.adminHeaderNames ?? []) parts.push("-H", dq(`${n}: $DOCVAL_ADMIN_${n.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`));
  for (const h of spec.headers) parts.push("-H", dq(`${h.name}: ${h.value}`));
  if (spec.user) parts.push("-u", dq(spec.user));
  if (spec.cookie) parts.push("--cookie", dq(spec.cookie));
  if (spec.cookieJar) parts.push("--cookie-jar", dq(spec.cookieJar));
  if (spec.body !== undefined) {
    const text = typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body);
    parts.push("--json", /\$[A-Za-z_{]/.test(text) ? dq(text) : q(text));
  }
  for (const f of spec.form ?? []) parts.push("-F", dq(`${f.name}=${f.file ? `@${f.file}` : f.value}`));
  return parts.join(" ");
}
