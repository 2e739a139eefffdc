/**
 * Values a check saves for later steps: `extract_body` (a dotted path into the JSON body),
 * `extract_headers` (a header; `Set-Cookie` reduced to `name=value`), and `capture` (a small jq-path
 * subset: `.a.b`, `.a[0]`, `.["k-1"]`, `.a | .b`). Missing values are reported, never invented.
 */
import type { CheckStep } from "../plan/model.js";
import type { Answer } from "./request.js";
import { cookiePairs } from "./request.js";

export interface Captured {
  variable: string;
  value?: string;
  /** Why nothing was captured. */
  problem?: string;
}

export function captureAll(step: CheckStep, answer: Answer): Captured[] {
  const out: Captured[] = [];
  for (const x of step.extractBody ?? []) {
    const v = dotted(answer.json, x.name);
    if (v === undefined) out.push({ variable: x.variable, problem: `extract_body: '${x.name}' is not in the response body` });
    else {
      let s = scalar(v);
      if (x.stripBearer) s = s.replace(/^Bearer\s+/i, "");
      out.push({ variable: x.variable, value: s });
    }
  }
  for (const x of step.extractHeaders ?? []) {
    const name = x.name.toLowerCase();
    const raw = answer.res?.rawHeaders[name];
    if (!raw?.length) out.push({ variable: x.variable, problem: `extract_headers: the response has no '${x.name}' header` });
    else out.push({ variable: x.variable, value: name === "set-cookie" ? cookiePairs(raw) : raw.join(", ") });
  }
  for (const x of step.capture ?? []) {
    const r = jqPath(answer.json, x.jq);
    if ("error" in r) out.push({ variable: x.variable, problem: `capture: ${r.error}` });
    else if (r.value === undefined || r.value === null) out.push({ variable: x.variable, problem: `capture: '${x.jq}' is null in the response body` });
    else out.push({ variable: x.variable, value: scalar(r.value) });
  }
  return out;
}

/** `headers.Refresh-Token` → body.headers["Refresh-Token"]; keys match case-insensitively as a fallback. */
export function dotted(value: unknown, path: string): unknown {
  let cur = value;
  for (const seg of path.split(".").filter(Boolean)) {
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      cur = cur[Number(seg)];
      continue;
    }
    if (!cur || typeof cur !== "object") return undefined;
    const obj = cur as Record<string, unknown>;
    if (seg in obj) cur = obj[seg];
    else {
      const k = Object.keys(obj).find((key) => key.toLowerCase() === seg.toLowerCase());
      cur = k === undefined ? undefined : obj[k];
    }
  }
  return cur;
}

/** A jq path expression of the forms pages use; anything else is an error naming the expression. */
export function jqPath(value: unknown, expr: string): { value: unknown } | { error: string } {
  let cur: unknown = value;
  for (const stage of expr.split("|").map((s) => s.trim())) {
    if (stage === "." || stage === "") continue;
    const tokens = /^(?:\.[A-Za-z_][\w-]*|\.?\[\s*(?:\d+|"[^"]*")\s*\])+$/.test(stage)
      ? [...stage.matchAll(/\.([A-Za-z_][\w-]*)|\.?\[\s*(\d+)\s*\]|\.?\[\s*"([^"]*)"\s*\]/g)]
      : null;
    if (!tokens) return { error: `the jq expression '${expr}' is outside the supported subset (.a.b, .a[0], .["k"], a | b)` };
    for (const t of tokens) {
      if (t[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(t[2])] : undefined;
      else {
        const key = (t[1] ?? t[3]) as string;
        cur = cur && typeof cur === "object" && !Array.isArray(cur) ? (cur as Record<string, unknown>)[key] : undefined;
      }
    }
  }
  return { value: cur };
}

function scalar(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}
