/**
 * Variables of `entity_examples`/`entity_example` (kong-docs-format §2.3): `${name}` references in
 * entity strings, declared under `variables: {name: {value: $X}}`. For decK a reference becomes
 * `${{ env "DECK_X" }}` (every `$` of the value replaced by `DECK_`, so `$DECK_Y` yields the
 * site's `DECK_DECK_Y`); for Admin API bodies it becomes the raw value (`$X`), which the shell expands.
 */

import { deckEnvName, pageVarRefs } from "../core/variables.js";

export interface VariableDecl {
  value: string;
  literalBlock: boolean;
}

/** `${name}`; `${{ env … }}` does not match (no `{` in names). */
const VAR_REF = pageVarRefs();
const DECK_ENV_REF = /\$\{\{\s*env\s+"([^"]+)"\s*\}\}/g;

export { deckEnvName };

export function deckEnvRef(name: string): string {
  return `\${{ env "${name}" }}`;
}

/** The env names a decK config reads through `${{ env "NAME" }}`. */
export function deckEnvNames(config: unknown): string[] {
  const out = new Set<string>();
  walkStrings(config, (s) => {
    for (const m of s.matchAll(DECK_ENV_REF)) out.add(m[1]);
    return s;
  });
  return [...out].sort();
}

/** Reads a `variables:` map; entries without a string `value` are reported by name. */
export function readVariables(raw: unknown): { vars: Map<string, VariableDecl>; invalid: string[] } {
  const vars = new Map<string, VariableDecl>();
  const invalid: string[] = [];
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    for (const [name, decl] of Object.entries(raw as Record<string, unknown>)) {
      const d = decl as { value?: unknown; literal_block?: unknown } | null;
      if (d && typeof d === "object" && typeof d.value === "string") {
        vars.set(name, { value: d.value, literalBlock: d.literal_block === true });
      } else {
        invalid.push(name);
      }
    }
  }
  return { vars, invalid };
}

export interface Substitution<T> {
  value: T;
  /** `${name}` references with no declaration, left as written. */
  undeclared: string[];
  /** Declared names never referenced. */
  unused: string[];
}

/** Replaces declared `${name}` references in every string (keys too) of `value`. */
export function substituteVariables<T>(value: T, vars: Map<string, VariableDecl>, target: "deck" | "raw"): Substitution<T> {
  const undeclared = new Set<string>();
  const used = new Set<string>();
  const out = walkStrings(value, (s) =>
    s.replace(VAR_REF, (whole, name: string) => {
      const decl = vars.get(name);
      if (!decl) {
        undeclared.add(name);
        return whole;
      }
      used.add(name);
      return target === "deck" ? deckEnvRef(deckEnvName(decl.value)) : decl.value;
    }),
  ) as T;
  return { value: out, undeclared: [...undeclared], unused: [...vars.keys()].filter((n) => !used.has(n)) };
}

function walkStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) return value.map((v) => walkStrings(v, fn));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[fn(k)] = walkStrings(v, fn);
    return out;
  }
  return value;
}
