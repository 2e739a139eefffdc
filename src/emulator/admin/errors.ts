/**
 * Kong's Admin API error bodies (`kong/db/errors.lua` codes): schema violation 2, foreign key 4,
 * unique 5, not found 6, invalid size 9, invalid options 11, operation unsupported 12, declarative 14.
 */
export interface AdminError {
  status: number;
  body: Record<string, unknown>;
}

/** `{config: {minute: "expected a number"}}` → ["config.minute: expected a number"]. */
export function flattenFields(fields: Record<string, unknown>, prefix = ""): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (k === "@entity") {
      for (const m of Array.isArray(v) ? v : [v]) out.push(String(m));
      continue;
    }
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v)) out.push(...flattenFields(v as Record<string, unknown>, path));
    else if (Array.isArray(v)) for (const m of v) out.push(`${path}: ${String(m)}`);
    else out.push(`${path}: ${String(v)}`);
  }
  return out;
}

export function schemaViolation(fields: Record<string, unknown>): AdminError {
  const parts = flattenFields(fields);
  const message = parts.length === 1 ? `schema violation (${parts[0]})` : `${parts.length} schema violations (${parts.join("; ")})`;
  return { status: 400, body: { code: 2, name: "schema violation", message, fields } };
}

/** Lua-table rendering Kong uses in messages: `{name="x",service={id="…"}}`. */
export function luaTable(v: Record<string, unknown>): string {
  const fmt = (x: unknown): string =>
    x === null || x === undefined ? "null" : typeof x === "string" ? `"${x}"` : typeof x === "object" ? luaTable(x as Record<string, unknown>) : String(x);
  return `{${Object.keys(v).sort().map((k) => `${k}=${fmt(v[k])}`).join(",")}}`;
}

export function uniqueViolation(fields: Record<string, unknown>): AdminError {
  return {
    status: 409,
    body: { code: 5, name: "unique constraint violation", message: `UNIQUE violation detected on '${luaTable(fields)}'`, fields },
  };
}

export function foreignKeyViolation(field: string, key: Record<string, unknown>, collection: string): AdminError {
  return {
    status: 400,
    body: {
      code: 4,
      name: "foreign key violation",
      message: `the foreign key '${luaTable(key)}' does not reference an existing '${collection}' entity.`,
      fields: { [field]: key },
    },
  };
}

export function referencedByOthers(child: string, parent: string): AdminError {
  return {
    status: 400,
    body: { code: 4, name: "foreign key violation", message: `an existing '${child}' entity references this '${parent}' entity`, fields: { "@referenced_by": child } },
  };
}

export const notFound = (): AdminError => ({ status: 404, body: { message: "Not found" } });

export const methodNotAllowed = (): AdminError => ({ status: 405, body: { message: "Method not allowed" } });

export function badRequest(message: string): AdminError {
  return { status: 400, body: { message } };
}

export function invalidOptions(message: string): AdminError {
  return { status: 400, body: { code: 11, name: "invalid options", message, fields: {} } };
}

export function invalidSize(): AdminError {
  return { status: 400, body: { code: 9, name: "invalid size", message: "size must be an integer between 1 and 1000" } };
}

/** DB-less writes (`kong/db/strategies/off`): create / create or update / update / delete. */
export function dblessWrite(verb: "create" | "create or update" | "update" | "delete", collection: string): AdminError {
  return {
    status: 405,
    body: { code: 12, name: "operation unsupported", message: `cannot ${verb} '${collection}' entities when not using a database` },
  };
}
