/**
 * `$NAME` / `${NAME}` references in request parts, filled from the env reader at send time. An
 * unknown name stays as written (the reproduction curl keeps every reference anyway).
 */
import type { EnvReader } from "./context.js";

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function expand(text: string, env: EnvReader): string {
  return text.replace(REF, (whole, braced: string | undefined, bare: string | undefined) => {
    const v = env.get((braced ?? bare) as string);
    return v === undefined ? whole : v;
  });
}

export function expandDeep(value: unknown, env: EnvReader): unknown {
  if (typeof value === "string") return expand(value, env);
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, env));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandDeep(v, env)]));
  }
  return value;
}

/** Names referenced in a string. */
export function referencedNames(text: string): string[] {
  return [...text.matchAll(REF)].map((m) => (m[1] ?? m[2]) as string);
}
