/** `${var}` references and `variables:` declarations of entity blocks (kong-docs-format.md §2.3). */
import type { Block } from "../docs/model.js";
import { deckEnvName as deckEnvNameOf, pageVarRefs } from "../core/variables.js";
import { isRecord } from "./entities.js";

const REF = pageVarRefs();

export interface VariableUse {
  declared: Map<string, unknown>;
  used: Set<string>;
}

export function variablesOf(block: Block): VariableUse | undefined {
  if ((block.tag !== "entity_examples" && block.tag !== "entity_example") || !isRecord(block.data)) return undefined;
  const declared = new Map<string, unknown>(Object.entries(isRecord(block.data.variables) ? block.data.variables : {}));
  const used = new Set<string>();
  const body = block.tag === "entity_examples" ? block.data.entities : block.data.data;
  const text = JSON.stringify(body ?? null);
  for (const m of text.matchAll(REF)) used.add(m[1]);
  return { declared, used };
}

/** The env name decK reads for a variable: `$X` → `DECK_X` (every `$` becomes `DECK_`). */
export function deckEnvName(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  return v.startsWith("$") ? deckEnvNameOf(v) : undefined;
}
