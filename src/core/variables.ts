/**
 * The page-variable syntax shared by the planner, the linter and the schema checks: `${name}` in
 * entity blocks, where a name may hold letters, digits, `_`, `-` and `.` (kong-docs-format.md §2.3),
 * and the decK env name a variable's `value: $X` becomes.
 */

/** The characters of a variable name, as a regular-expression fragment. */
export const PAGE_VAR_NAME = "[A-Za-z0-9_.-]+";

/** `${name}` anywhere in a string; a new global RegExp each call (they keep `lastIndex`). */
export function pageVarRefs(): RegExp {
  return new RegExp(`\\$\\{(${PAGE_VAR_NAME})\\}`, "g");
}

/** `$XAI_API_KEY` → `DECK_XAI_API_KEY`: every `$` becomes `DECK_` (so `$DECK_Y` gives the site's `DECK_DECK_Y`). */
export function deckEnvName(value: string): string {
  return value.replace(/\$/g, "DECK_");
}
