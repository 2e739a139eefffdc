/**
 * Env values and secrets for one page variant.
 *
 * Lookup order for a name (issue 5): values captured earlier on the page → the page's env_variables
 * blocks → `--env-file` → the process env. In every layer a name is tried as `DECK_X`, then `X`, then
 * `TESTS_X` (so CI set up for Kong's tool keeps working). In embedded mode, AI provider keys nobody set
 * fall back to well-formed placeholders, and the variant reports which. Every value handed out is
 * registered with the run's Redactor unless its name is declared public.
 */
import { readFileSync } from "node:fs";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { Redactor } from "../core/redact.js";
import type { EnvReader } from "../checks/context.js";

export interface EnvSources {
  envFile: Record<string, string>;
  process: Record<string, string | undefined>;
  public: ReadonlySet<string>;
  redactor: Redactor;
  /** Embedded gateway only: a placeholder for a provider credential, or undefined. */
  placeholder?: (name: string) => string | undefined;
}

/** `DECK_X` → [DECK_X, X, TESTS_X]; `X` → [DECK_X, X, TESTS_X]. */
export function aliases(name: string): string[] {
  const base = name.startsWith("DECK_") ? name.slice(5) : name;
  return [...new Set([`DECK_${base}`, base, `TESTS_${base}`, name])];
}

export class VariantEnv implements EnvReader {
  readonly captured = new Map<string, string>();
  readonly pageVars = new Map<string, string>();
  readonly used = new Set<string>();
  readonly placeholders = new Set<string>();

  constructor(private readonly src: EnvSources) {}

  /** Where a name's value comes from, without registering it. */
  lookup(name: string): { value: string; from: "captured" | "page" | "env-file" | "process" | "placeholder" } | undefined {
    const names = aliases(name);
    for (const [layer, from] of [
      [this.captured, "captured"],
      [this.pageVars, "page"],
    ] as const) {
      for (const n of names) {
        const v = layer.get(n);
        if (v !== undefined) return { value: v, from };
      }
    }
    for (const n of names) if (this.src.envFile[n] !== undefined) return { value: this.src.envFile[n], from: "env-file" };
    for (const n of names) {
      const v = this.src.process[n];
      if (v !== undefined && v !== "") return { value: v, from: "process" };
    }
    const p = this.src.placeholder?.(name);
    if (p !== undefined) return { value: p, from: "placeholder" };
    return undefined;
  }

  get(name: string): string | undefined {
    const hit = this.lookup(name);
    if (!hit) return undefined;
    this.used.add(name);
    if (hit.from === "placeholder") this.placeholders.add(name);
    if (!this.isPublic(name)) this.src.redactor.add(name, hit.value);
    return hit.value;
  }

  capture(name: string, value: string): void {
    this.captured.set(name, value);
    if (!this.isPublic(name)) this.src.redactor.add(name, value);
  }

  setPageVar(name: string, value: string): void {
    this.pageVars.set(name, value);
    if (!this.isPublic(name)) this.src.redactor.add(name, value);
  }

  private isPublic(name: string): boolean {
    return aliases(name).some((n) => this.src.public.has(n));
  }
}

const DECK_REF = /\$\{\{\s*env\s+"([A-Za-z_][A-Za-z0-9_]*)"\s*\}\}/g;

/** Fills `${{ env "DECK_X" }}` in every string of a decK config; lists names nobody provides. */
export function resolveDeckRefs(value: unknown, env: EnvReader): { value: unknown; missing: string[] } {
  const missing = new Set<string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      return v.replace(DECK_REF, (whole, name: string) => {
        const got = env.get(name);
        if (got === undefined) {
          missing.add(name);
          return whole;
        }
        return got;
      });
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value), missing: [...missing].sort() };
}

/** dotenv: `NAME=value`, `export NAME=value`, quotes, `#` comments. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) {
      const dq = v.startsWith('"');
      v = v.slice(1, -1);
      if (dq) v = v.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    } else {
      v = v.replace(/\s+#.*$/, "").trim();
    }
    out[m[1]] = v;
  }
  return out;
}

export function readEnvFile(path: string): { vars: Record<string, string>; diagnostic?: Diagnostic } {
  try {
    return { vars: parseDotenv(readFileSync(path, "utf8")) };
  } catch (err) {
    return { vars: {}, diagnostic: diag("run/env-file", "usage", `cannot read --env-file ${path}: ${(err as Error).message}`) };
  }
}
