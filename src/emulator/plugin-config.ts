/**
 * Validates a plugin entity's `name`, `config` and `protocols` for the emulated version: against the
 * JSON schemas of a docs checkout when one is available (src/schemas/plugins.ts), otherwise against the
 * built-in defaults of the plugins the emulator models. Returns Kong-shaped field errors.
 */
import type { EmulatedPlugin, EntityLookup } from "./plugins/types.js";
import type { Json } from "./entities.js";
import { KONG_PRIORITIES } from "./plugins/priorities.js";

/** The slice of src/schemas/plugins.ts this module uses. */
export interface SchemaRegistryLike {
  versions(): string[];
  resolveVersion(v: string): string | undefined;
  plugins(version: string): string[];
  has(version: string, plugin: string): boolean;
  validate(
    version: string,
    plugin: string,
    entity: { config?: unknown; protocols?: unknown; [k: string]: unknown },
  ): { ok: boolean; config: Record<string, unknown>; protocols?: string[]; errors: { path: string[]; message: string }[] };
}

/** Opens the schema registry, or says why not (the schemas module or folder may be missing). */
export async function loadSchemaRegistry(schemasDir: string): Promise<{ registry?: SchemaRegistryLike; reason?: string }> {
  try {
    const { existsSync } = await import("node:fs");
    if (!existsSync(schemasDir)) return { reason: `no plugin schemas at ${schemasDir}` };
    const mod = (await import("../schemas/plugins.js")) as { openPluginSchemas?: (dir: string) => SchemaRegistryLike };
    if (typeof mod.openPluginSchemas !== "function") return { reason: "schema module has no openPluginSchemas" };
    const registry = mod.openPluginSchemas(schemasDir);
    return registry.versions().length ? { registry } : { reason: `no schema versions under ${schemasDir}` };
  } catch (e) {
    return { reason: `plugin schemas unavailable: ${(e as Error).message}` };
  }
}

export const DEFAULT_PLUGIN_PROTOCOLS = ["grpc", "grpcs", "http", "https"];

/** Bundled plugins Kong 3.15 can clone (EE 3.15.0.0 changelog, "plugin cloning"). */
export const CLONEABLE = new Set([
  "openid-connect", "acl", "pre-function", "post-function", "request-transformer-advanced", "request-transformer",
  "response-transformer-advanced", "response-transformer", "key-auth", "file-log", "http-log", "tcp-log",
  "ip-restriction", "route-by-header", "opa", "datakit",
]);

/** A cloned plugin (`/cloned-plugins`): runs as `ref` under its own name and priority. */
export interface CloneInfo {
  name: string;
  ref: string;
  priority: number | null;
}

/** The clone called `name` in `store`, if any. */
export function cloneOf(store: EntityLookup | undefined, name: string): CloneInfo | undefined {
  const c = store?.get("cloned_plugins", name);
  if (!c || c.name !== name || typeof c.ref !== "string") return undefined;
  return { name, ref: c.ref, priority: typeof c.priority === "number" ? c.priority : null };
}

export interface PluginCheck {
  ok: boolean;
  config: Json;
  protocols: string[];
  /** Kong `fields` shape. */
  fields: Record<string, unknown>;
}

const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

/** Kong treats `null` as "unset": drop nulls so defaults apply and the schema sees no null. */
export function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, stripNulls(x)]));
}

/** Fills `defaults` under `value`; objects merge, everything else given wins. */
export function withDefaults(defaults: Json, value: Json): Json {
  const out: Json = { ...value };
  for (const [k, d] of Object.entries(defaults)) {
    if (out[k] === undefined) out[k] = structuredClone(d);
    else if (isObj(d) && isObj(out[k])) out[k] = withDefaults(d, out[k] as Json);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], message: string): void {
  let cur = target;
  for (const seg of path.slice(0, -1)) {
    if (!isObj(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? "@entity";
  if (last === "@entity") {
    const prev = cur[last];
    cur[last] = [...(Array.isArray(prev) ? prev : []), message];
  } else cur[last] = message;
}

export class PluginConfigurator {
  readonly schemaVersion: string | undefined;

  constructor(
    readonly version: string,
    readonly emulated: Map<string, EmulatedPlugin<Json>>,
    readonly registry: SchemaRegistryLike | undefined,
    /** Why schema validation is off, shown in `GET /`. */
    readonly offReason?: string,
  ) {
    this.schemaVersion = registry?.resolveVersion(version);
  }

  get schemaValidation(): boolean {
    return !!this.registry && !!this.schemaVersion;
  }

  /**
   * Plugin names the emulated version has: the schemas' list, else the modelled and known ones;
   * plus the clones defined in `store`.
   */
  available(store?: EntityLookup): string[] {
    const clones = (store?.list("cloned_plugins") ?? []).map((c) => String(c.name));
    if (this.registry && this.schemaVersion) {
      return [...new Set([...this.registry.plugins(this.schemaVersion), ...clones])].sort();
    }
    return [...new Set([...this.emulated.keys(), ...Object.keys(KONG_PRIORITIES), ...clones])].sort();
  }

  /** A clone's own priority, else its ref's; a bundled plugin's from Kong's table. */
  priority(name: string, store?: EntityLookup): number {
    const clone = cloneOf(store, name);
    if (clone) return clone.priority ?? this.priority(clone.ref);
    return this.emulated.get(name)?.priority ?? KONG_PRIORITIES[name] ?? 0;
  }

  /** The bundled plugin that runs for `name`: itself, or the `ref` of a clone. */
  base(name: string, store?: EntityLookup): string {
    return cloneOf(store, name)?.ref ?? name;
  }

  /** Whether the version bundles `name` (clones are not bundled plugins; see `base`). */
  has(name: string, store?: EntityLookup): boolean {
    const clone = cloneOf(store, name);
    if (clone) return this.has(clone.ref);
    if (this.registry && this.schemaVersion) return this.registry.has(this.schemaVersion, name);
    return this.emulated.has(name) || name in KONG_PRIORITIES;
  }

  /** Rules for a cloned-plugin entity: the ref is a cloneable bundled plugin, the name is new. */
  checkClone(entity: Json): Record<string, string> {
    const out: Record<string, string> = {};
    const ref = String(entity.ref ?? "");
    const name = String(entity.name ?? "");
    if (!this.has(ref)) out.ref = `plugin '${ref}' not enabled; add it to the 'plugins' configuration property`;
    else if (!CLONEABLE.has(ref)) out.ref = `plugin '${ref}' cannot be cloned`;
    if (name && this.has(name)) out.name = `a plugin named '${name}' already exists`;
    return out;
  }

  check(entity: Json, store?: EntityLookup): PluginCheck {
    const name = this.base(String(entity.name ?? ""), store);
    const fields: Record<string, unknown> = {};
    const givenConfig = isObj(entity.config) ? (stripNulls(entity.config) as Json) : entity.config === undefined || entity.config === null ? {} : entity.config;
    if (!this.has(name)) {
      const shown = String(entity.name ?? "");
      return { ok: false, config: {}, protocols: [], fields: { name: `plugin '${shown}' not enabled; add it to the 'plugins' configuration property` } };
    }
    if (!isObj(givenConfig)) {
      return { ok: false, config: {}, protocols: [], fields: { config: "expected a record" } };
    }
    const plugin = this.emulated.get(name);
    let config: Json;
    let protocols: string[] = Array.isArray(entity.protocols) ? (entity.protocols as string[]) : DEFAULT_PLUGIN_PROTOCOLS;
    if (this.registry && this.schemaVersion) {
      const entityForSchema: Json = { config: givenConfig };
      if (entity.protocols != null) entityForSchema.protocols = entity.protocols;
      const v = this.registry.validate(this.schemaVersion, name, entityForSchema);
      for (const e of v.errors) setPath(fields, e.path.length ? e.path : ["@entity"], e.message);
      config = v.config;
      if (v.protocols) protocols = v.protocols;
      // Fields the schema does not default but the emulation relies on.
      if (plugin?.defaults) config = withDefaults(plugin.defaults(this.version), config);
    } else {
      config = plugin?.defaults ? withDefaults(plugin.defaults(this.version), givenConfig) : givenConfig;
    }
    if (plugin?.validate && Object.keys(fields).length === 0) {
      const instance = { id: String(entity.id ?? ""), name, config, enabled: entity.enabled !== false, protocols };
      for (const d of plugin.validate(config, instance)) setPath(fields, ["@entity"], d.message);
    }
    return { ok: Object.keys(fields).length === 0, config, protocols, fields };
  }
}
