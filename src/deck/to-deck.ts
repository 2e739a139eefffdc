/**
 * `{% entity_examples %}` data → the decK config the rendered page pipes into
 * `deck gateway apply` (kong-docs-format §2): `_format_version: "3.0"` plus the `entities`
 * collections, variables turned into decK env references, `deck_flags` kept.
 */
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { SourcePos } from "../core/source.js";
import type { DeckConfig } from "../plan/model.js";
import { readVariables, substituteVariables } from "./env-refs.js";

export interface DeckResult {
  config?: DeckConfig;
  deckFlags: string[];
  diagnostics: Diagnostic[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function entityExamplesToDeck(data: unknown, source: SourcePos, tools?: unknown): DeckResult {
  const diagnostics: Diagnostic[] = [];
  if (!isRecord(data) || !isRecord(data.entities)) {
    diagnostics.push(diag("deck/no-entities", "page", "{% entity_examples %} needs an 'entities' mapping of decK collections (plugins, services, …)", { severity: "error", source }));
    return { deckFlags: [], diagnostics };
  }
  const formats = Array.isArray(data.formats) ? data.formats : Array.isArray(tools) ? tools : undefined;
  if (formats && !(formats.length === 1 && formats[0] === "deck")) {
    diagnostics.push(diag("deck/formats", "page", `{% entity_examples %} supports only the deck format, got [${formats.join(", ")}]`, {
      severity: "warning",
      source,
      hint: "set 'formats: [deck]' on the block or 'tools: [deck]' on the page",
    }));
  }
  const { vars, invalid } = readVariables(data.variables);
  for (const name of invalid) {
    diagnostics.push(diag("deck/variable-shape", "page", `variable '${name}' has no string 'value' (expected value: $ENV_NAME)`, { severity: "warning", source }));
  }
  const sub = substituteVariables(data.entities, vars, "deck");
  for (const name of sub.undeclared) {
    diagnostics.push(diag("deck/undeclared-variable", "page", `\${${name}} is not declared under 'variables' and is left as written`, {
      severity: "warning",
      source,
      hint: `add 'variables: {${name}: {value: $SOME_ENV}}' or remove the reference`,
    }));
  }
  const deckFlags = Array.isArray(data.deck_flags) ? data.deck_flags.map(String) : [];
  const entities = sub.value as Record<string, unknown>;
  const config: DeckConfig = { _format_version: "3.0", ...entities } as DeckConfig;
  if (typeof entities._format_version === "string") config._format_version = entities._format_version;
  return { config, deckFlags, diagnostics };
}
