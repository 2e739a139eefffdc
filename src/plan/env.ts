/**
 * The env names a page needs: `DECK_*` names in apply configs (`${{ env "DECK_X" }}`) and
 * `$NAME`/`${NAME}` in the requests the page writes (url, headers, body, form, user). Names the
 * page itself produces (extract_body, extract_headers, capture) are not needed from outside.
 * Base URLs the planner adds (`$KONNECT_PROXY_URL`, …) belong to the target, not the page.
 */
import { deckEnvNames } from "../deck/env-refs.js";
import type { SourcePos } from "../core/source.js";
import type { Block } from "../docs/model.js";
import type { Step, Variant } from "./model.js";

const SHELL_REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function refsIn(value: unknown, out: Set<string>): void {
  if (typeof value === "string") {
    for (const m of value.matchAll(SHELL_REF)) out.add(m[1] ?? m[2]);
  } else if (Array.isArray(value)) {
    for (const v of value) refsIn(v, out);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) refsIn(v, out);
  }
}

/** Env references in a request block as written (before base URLs are joined). */
export function blockEnvRefs(block: Block): Set<string> {
  const out = new Set<string>();
  const d = block.data as Record<string, unknown> | undefined;
  if (!d || typeof d !== "object") return out;
  if (block.tag === "validation" || block.tag === "control_plane_request") {
    for (const k of ["url", "on_prem_url", "konnect_url", "headers", "body", "form_data", "user", "cookie"]) refsIn(d[k], out);
  } else if (block.tag === "entity_example") {
    // `${name}` here is a block variable, not env; only bare `$NAME` in the entity is env.
    const bare = new Set<string>();
    refsIn((d as { data?: unknown }).data, bare);
    const text = JSON.stringify((d as { data?: unknown }).data ?? null);
    for (const n of bare) if (new RegExp(`\\$${n}(?![A-Za-z0-9_])`).test(text)) out.add(n);
    const vars = (d as { variables?: Record<string, { value?: unknown }> }).variables;
    if (vars && typeof vars === "object") for (const v of Object.values(vars)) refsIn(v?.value, out);
  }
  return out;
}

export function producedNames(steps: Step[]): Set<string> {
  const out = new Set<string>();
  for (const s of steps) {
    if (s.kind !== "check") continue;
    for (const e of s.extractBody ?? []) out.add(e.variable);
    for (const e of s.extractHeaders ?? []) out.add(e.variable);
    for (const c of s.capture ?? []) out.add(c.variable);
  }
  return out;
}

export function pageEnv(
  blocks: Block[],
  variants: Variant[],
  exports: { name: string; source: SourcePos }[],
): { env: string[]; envExported: Record<string, SourcePos> } {
  const names = new Set<string>();
  const steps = variants.flatMap((v) => v.steps);
  for (const s of steps) if (s.kind === "apply") for (const n of deckEnvNames(s.config)) names.add(n);
  for (const b of blocks) for (const n of blockEnvRefs(b)) names.add(n);
  for (const n of producedNames(steps)) names.delete(n);
  const env = [...names].sort();
  const exported: Record<string, SourcePos> = {};
  const note = (name: string, source: SourcePos) => {
    if (names.has(name) && !exported[name]) exported[name] = source;
  };
  for (const e of exports) note(e.name, e.source);
  for (const b of blocks) {
    const isEnvBlock = b.tag === "env_variables" || (b.tag === "validation" && b.type === "env-variables");
    if (!isEnvBlock || !b.data || typeof b.data !== "object") continue;
    for (const k of Object.keys(b.data)) note(k, b.source);
  }
  return { env, envExported: exported };
}
