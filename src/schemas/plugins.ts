/**
 * The plugin schema registry: Kong's generated plugin JSON schemas
 * (`<checkout>/app/_schemas/gateway/plugins/<version>/<PascalName>.json`), looked up by version and slug and
 * used to validate a plugin entity the way Kong's Admin API would. Shared by the embedded gateway and the linter.
 *
 * In: a schemas folder. Out: versions, plugin slugs, scope keys, and `validate` results with Kong-like field
 * errors and a config copy with defaults filled. Files are read and compiled lazily, once per process
 * (cache keyed by absolute path), because compiling every file of every version costs far more than a lint run;
 * the compiled code is also kept across processes (validator-cache.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { compareVersions, parseVersion } from "./version.js";
import { pascalToSlug, slugKey, slugToPascal } from "./slug.js";
import { isEnvReference, isVaultReference, isPageVariable } from "./references.js";
import { validatorFor, type ValidatorSource } from "./validator-cache.js";

export interface FieldError {
  /** Path from the plugin entity: ["config", "minute"]. */
  path: string[];
  /** Kong-like: "unknown field", "expected an integer", "expected one of: a, b". */
  message: string;
}

/** A decK env reference, vault reference or page variable that stood in for a value during validation. */
export interface ReferenceUse {
  path: string[];
  kind: "env" | "vault" | "variable";
  /** Whether the schema marks the field `x-referenceable` (only those accept `{vault://…}` in Kong). */
  referenceable: boolean;
}

export interface PluginValidation {
  ok: boolean;
  /** A copy of the entity's config with schema defaults filled and references kept as written. */
  config: Record<string, unknown>;
  protocols?: string[];
  errors: FieldError[];
  /** Where references were found (optional member; lint uses it to flag vault refs on non-referenceable fields). */
  references?: ReferenceUse[];
}

export interface PluginSchemaRegistry {
  /** Ascending: ["3.4", "3.7", …, "3.15"]. */
  versions(): string[];
  /** Nearest existing version ≤ v ("3.5" → "3.4"); undefined below the first. */
  resolveVersion(v: string): string | undefined;
  /** Plugin slugs that version has, sorted. */
  plugins(version: string): string[];
  has(version: string, plugin: string): boolean;
  /** Which of service/route/consumer/consumer_group the plugin may be scoped to at that version. */
  scopes(version: string, plugin: string): string[];
  /** The raw schema object (for tools that walk it), or undefined when the plugin has no schema. */
  schema(version: string, plugin: string): JsonSchema | undefined;
  validate(version: string, plugin: string, entity: PluginEntity): PluginValidation;
}

export interface PluginEntity {
  config?: unknown;
  protocols?: unknown;
  [k: string]: unknown;
}

/** The subset of JSON Schema these files use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  shorthand_fields?: Record<string, JsonSchema>;
  "x-referenceable"?: boolean;
  [k: string]: unknown;
}

/** Plugin entity fields that belong to the Admin API's Plugin entity, not to a plugin's config. */
export const GENERIC_PLUGIN_FIELDS = [
  "name", "id", "enabled", "tags", "instance_name", "condition", "ordering", "partials", "protocols",
  "created_at", "updated_at",
] as const;
export const SCOPE_KEYS = ["service", "route", "consumer", "consumer_group"] as const;

interface Compiled {
  schema: JsonSchema;
  validate: ValidateFunction;
}

/** Process-wide caches: compiled schemas by absolute file path, folder listings by absolute folder path. */
const compiledCache = new Map<string, Compiled | null>();
const listingCache = new Map<string, Map<string, Map<string, string>>>();

/** `opts.cacheDir`: where compiled validators are kept across processes (validator-cache.ts); false: not at all. */
export function openPluginSchemas(schemasDir: string, opts: ValidatorSource = {}): PluginSchemaRegistry {
  const dir = resolve(schemasDir);
  const versions = listVersions(dir);

  function files(version: string): Map<string, string> {
    let byVersion = listingCache.get(dir);
    if (!byVersion) listingCache.set(dir, (byVersion = new Map()));
    let m = byVersion.get(version);
    if (!m) {
      m = new Map();
      if (versions.includes(version)) {
        const names = readdirSync(join(dir, version)).filter((n) => n.endsWith(".json")).sort();
        for (const n of names) {
          const pascal = n.slice(0, -".json".length);
          const key = pascal.toLowerCase();
          // Two files may differ only in case (3.15 AiA2AProxy/AiA2aProxy): keep the one the slug round-trips to.
          const prev = m.get(key);
          if (!prev || slugToPascal(pascalToSlug(pascal)) === pascal) m.set(key, n);
        }
      }
      byVersion.set(version, m);
    }
    return m;
  }

  function load(version: string, plugin: string): Compiled | undefined {
    const file = files(version).get(slugKey(plugin));
    if (!file) return undefined;
    const path = join(dir, version, file);
    let c = compiledCache.get(path);
    if (c === undefined) {
      try {
        const text = readFileSync(path, "utf8");
        const schema = JSON.parse(text) as JsonSchema;
        c = { schema, validate: validatorFor(text, schema, opts) };
      } catch {
        c = null; // unreadable or uncompilable file: treated as "no schema", never a throw
      }
      compiledCache.set(path, c);
    }
    return c ?? undefined;
  }

  return {
    versions: () => [...versions],
    resolveVersion(v) {
      const want = parseVersion(v);
      if (!want) return undefined;
      let best: string | undefined;
      for (const have of versions) if (compareVersions(parseVersion(have)!, want) <= 0) best = have;
      return best;
    },
    plugins(version) {
      return [...files(version).values()].map((n) => pascalToSlug(n.slice(0, -".json".length))).sort();
    },
    has: (version, plugin) => files(version).has(slugKey(plugin)),
    scopes(version, plugin) {
      const c = load(version, plugin);
      if (!c) return [];
      const props = c.schema.properties ?? {};
      return SCOPE_KEYS.filter((k) => k in props);
    },
    schema: (version, plugin) => load(version, plugin)?.schema,
    validate(version, plugin, entity) {
      const c = load(version, plugin);
      if (!c) {
        return { ok: false, config: {}, errors: [{ path: ["name"], message: `plugin '${plugin}' not enabled; no schema at ${version}` }] };
      }
      return validateEntity(c, entity);
    },
  };
}

function listVersions(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => parseVersion(n) !== undefined && statSync(join(dir, n)).isDirectory())
    .sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!));
}

function validateEntity(c: Compiled, entity: PluginEntity): PluginValidation {
  const errors: FieldError[] = [];
  const topProps = c.schema.properties ?? {};

  for (const key of Object.keys(entity)) {
    if ((GENERIC_PLUGIN_FIELDS as readonly string[]).includes(key) || key === "config") continue;
    if ((SCOPE_KEYS as readonly string[]).includes(key)) {
      if (!(key in topProps) && entity[key] !== null && entity[key] !== undefined) {
        errors.push({ path: [key], message: `value must be null (this plugin cannot be scoped to a ${key.replace("_", " ")})` });
      }
      continue;
    }
    errors.push({ path: [key], message: "unknown field" });
  }

  const rawConfig = entity.config ?? {};
  if (!isRecord(rawConfig)) {
    return { ok: false, config: {}, errors: [...errors, { path: ["config"], message: "expected a record" }] };
  }

  const configSchema = topProps.config ?? {};
  const substituted: { path: string[]; original: unknown }[] = [];
  const references: ReferenceUse[] = [];
  const config = prepare(rawConfig, configSchema, ["config"], substituted, references) as Record<string, unknown>;
  unknownKeys(config, configSchema, ["config"], errors, substituted);

  const target: Record<string, unknown> = { config };
  if (entity.protocols !== undefined && entity.protocols !== null) target.protocols = entity.protocols;
  c.validate(target);
  const skip = substituted.map((s) => s.path.join("\u0000"));
  for (const e of mapAjvErrors(c.validate.errors ?? [], c.schema)) {
    const key = e.path.join("\u0000");
    if (skip.some((s) => key === s || key.startsWith(s + "\u0000"))) continue;
    errors.push(e);
  }

  for (const s of substituted) setAt(target, s.path, s.original);
  const deduped = dedupe(errors);
  const protocols = Array.isArray(target.protocols) ? (target.protocols as unknown[]).map(String) : undefined;
  return { ok: deduped.length === 0, config, protocols, errors: deduped, references };
}

/**
 * Deep-copies the config for validation: drops nulls (Kong reads null as "unset") and replaces reference strings
 * with a value of the type the schema wants, remembering where, so the originals can be put back.
 */
function prepare(
  value: unknown,
  schema: JsonSchema | undefined,
  path: string[],
  substituted: { path: string[]; original: unknown }[],
  references: ReferenceUse[],
): unknown {
  if (typeof value === "string") {
    const kind = isEnvReference(value) ? "env" : isVaultReference(value) ? "vault" : isPageVariable(value) ? "variable" : undefined;
    if (kind) {
      references.push({ path, kind, referenceable: isReferenceable(schema) });
      substituted.push({ path, original: value });
      return placeholder(schema, value);
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.filter((v) => v !== null).map((v, i) => prepare(v, schema?.items, [...path, String(i)], substituted, references));
  }
  if (isRecord(value)) {
    if (isForeignString(schema) && typeof value.id === "string" && Object.keys(value).length === 1) {
      // Older generated files flatten foreign keys to a string; Kong itself takes `{id}`.
      substituted.push({ path, original: value });
      return value.id;
    }
    const branch = pickBranch(schema, value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null) continue;
      out[k] = prepare(v, childSchema(branch, k), [...path, k], substituted, references);
    }
    // Kong builds a required record from its field defaults when it is left out; JSON Schema cannot say so.
    for (const k of branch?.required ?? []) {
      const sub = branch?.properties?.[k];
      if (out[k] === undefined && sub && sub.type === "object" && sub.default === undefined && (sub.required ?? []).length === 0) out[k] = {};
    }
    return out;
  }
  return value;
}

/** 3.10+ files say `x-referenceable`; older ones only say so in the description. */
function isReferenceable(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  return schema["x-referenceable"] === true || (typeof schema.description === "string" && /This field is \[referenceable\]/.test(schema.description));
}

function isForeignString(schema: JsonSchema | undefined): boolean {
  return schema?.type === "string" && typeof schema.description === "string" && /reference to an existing/i.test(schema.description);
}

/**
 * The oneOf/anyOf branch a value means, told apart by single-value enums (Datakit's `type: jq`); the schema
 * itself when there are no branches or none is picked out.
 */
function pickBranch(schema: JsonSchema | undefined, value: Record<string, unknown>): JsonSchema | undefined {
  const alts = [...(schema?.oneOf ?? []), ...(schema?.anyOf ?? [])];
  if (alts.length === 0) return schema;
  const matching = alts.filter((alt) =>
    Object.entries(alt.properties ?? {}).every(([k, p]) => !(p.enum && p.enum.length === 1 && k in value) || p.enum[0] === value[k]),
  );
  const discriminated = matching.filter((alt) => Object.entries(alt.properties ?? {}).some(([k, p]) => p.enum?.length === 1 && k in value));
  return discriminated.length === 1 ? discriminated[0] : schema;
}

function placeholder(schema: JsonSchema | undefined, original: string): unknown {
  const t = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (schema?.enum && schema.enum.length > 0) return schema.enum[0];
  switch (t) {
    case "integer":
    case "number": {
      if (schema?.minimum !== undefined) return schema.minimum;
      return schema?.maximum !== undefined && schema.maximum < 1 ? schema.maximum : 1;
    }
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return original;
  }
}

function childSchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  if (!schema) return undefined;
  const direct = schema.properties?.[key] ?? schema.shorthand_fields?.[key];
  if (direct) return direct;
  for (const alt of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    const s = childSchema(alt, key);
    if (s) return s;
  }
  return typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
}

/** Keys a schema knows at this level, or undefined when it accepts any key (a map or a free-form object). */
function knownKeys(schema: JsonSchema): Set<string> | undefined {
  const alts = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (typeof schema.additionalProperties === "object" || schema.additionalProperties === true) return undefined;
  const keys = new Set<string>([...Object.keys(schema.properties ?? {}), ...Object.keys(schema.shorthand_fields ?? {})]);
  for (const alt of alts) {
    const k = knownKeys(alt);
    if (!k) return undefined;
    for (const x of k) keys.add(x);
  }
  if (keys.size === 0) return undefined;
  return keys;
}

function unknownKeys(
  value: unknown,
  schema: JsonSchema | undefined,
  path: string[],
  errors: FieldError[],
  substituted: { path: string[] }[],
): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownKeys(v, schema.items, [...path, String(i)], errors, substituted));
    return;
  }
  if (!isRecord(value)) return;
  const branch = pickBranch(schema, value) ?? schema;
  const known = knownKeys(branch);
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, k];
    if (known && !known.has(k)) {
      errors.push({ path: p, message: "unknown field" });
      continue;
    }
    unknownKeys(v, childSchema(branch, k), p, errors, substituted);
  }
}

const ARTICLE: Record<string, string> = {
  integer: "an integer",
  number: "a number",
  string: "a string",
  boolean: "a boolean",
  array: "an array",
  object: "a record",
  null: "null",
};

function mapAjvErrors(raw: ErrorObject[], root: JsonSchema): FieldError[] {
  const out: FieldError[] = [];
  for (const e of raw) {
    // Branch errors under oneOf/anyOf are noise: the oneOf error itself says the value fits no branch.
    if (/\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath)) continue;
    const path = e.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case "type": {
        const t = String(params.type).split(",")[0];
        out.push({ path, message: `expected ${ARTICLE[t] ?? t}` });
        break;
      }
      case "enum":
        out.push({ path, message: `expected one of: ${(params.allowedValues as unknown[]).map(String).join(", ")}` });
        break;
      case "required":
        out.push({ path: [...path, String(params.missingProperty)], message: "required field missing" });
        break;
      case "additionalProperties":
        out.push({ path: [...path, String(params.additionalProperty)], message: "unknown field" });
        break;
      case "minimum":
      case "maximum": {
        const s = schemaAtPath(root, path);
        if (s?.minimum !== undefined && s?.maximum !== undefined) {
          out.push({ path, message: `value should be between ${s.minimum} and ${s.maximum}` });
        } else {
          out.push({ path, message: `value must be ${e.keyword === "minimum" ? "at least" : "at most"} ${String(params.limit)}` });
        }
        break;
      }
      case "exclusiveMinimum":
        out.push({ path, message: `value must be greater than ${String(params.limit)}` });
        break;
      case "exclusiveMaximum":
        out.push({ path, message: `value must be less than ${String(params.limit)}` });
        break;
      case "minLength":
      case "minItems":
        out.push({ path, message: `length must be at least ${String(params.limit)}` });
        break;
      case "maxLength":
      case "maxItems":
        out.push({ path, message: `length must be at most ${String(params.limit)}` });
        break;
      case "pattern":
        out.push({ path, message: `invalid value: does not match pattern ${String(params.pattern)}` });
        break;
      case "oneOf":
      case "anyOf":
        out.push({ path, message: "value matches none of the allowed shapes" });
        break;
      default:
        out.push({ path, message: e.message ?? `failed ${e.keyword}` });
    }
  }
  return out;
}

function schemaAtPath(root: JsonSchema, path: string[]): JsonSchema | undefined {
  let s: JsonSchema | undefined = root;
  for (const seg of path) {
    if (!s) return undefined;
    s = /^\d+$/.test(seg) && s.items ? s.items : childSchema(s, seg);
  }
  return s;
}

function setAt(root: Record<string, unknown>, path: string[], value: unknown): void {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isRecord(cur)) cur = cur[seg];
    else return;
  }
  const last = path[path.length - 1];
  if (Array.isArray(cur)) cur[Number(last)] = value;
  else if (isRecord(cur)) cur[last] = value;
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = e.path.join("\u0000") + "\u0001" + e.message;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
