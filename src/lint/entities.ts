/**
 * Reading decK entities out of blocks: the plugins a block configures (with their effective scope),
 * and the names each block creates. Pure walks over already-parsed block data.
 */
import type { Block } from "../docs/model.js";

export type Json = Record<string, unknown>;
export type ScopeKind = "service" | "route" | "consumer" | "consumer_group";

export interface PluginUse {
  block: Block;
  entity: Json;
  name: string;
  /** Scope keys written on the plugin itself (`service: foo`). */
  explicit: Partial<Record<ScopeKind, unknown>>;
  /** The scope implied by nesting (a plugin under `consumers[]` is consumer-scoped). */
  nestedIn?: ScopeKind;
  /** Index in document order within the block, used to find its line. */
  ordinal: number;
}

export function isRecord(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** The decK entities map of a block (entity_examples and resolved prereq entities). */
export function entitiesOf(block: Block): Json | undefined {
  if (!isRecord(block.data)) return undefined;
  if (block.tag === "entity_examples") return isRecord(block.data.entities) ? block.data.entities : undefined;
  if (block.tag === "prereq_entities") return block.data;
  return undefined;
}

const NESTING: [string, ScopeKind][] = [
  ["services", "service"],
  ["routes", "route"],
  ["consumers", "consumer"],
  ["consumer_groups", "consumer_group"],
];

export function pluginsOf(block: Block): PluginUse[] {
  const out: PluginUse[] = [];
  const push = (entity: Json, nestedIn?: ScopeKind) => {
    if (typeof entity.name !== "string") return;
    const explicit: PluginUse["explicit"] = {};
    for (const k of ["service", "route", "consumer", "consumer_group"] as const) if (k in entity) explicit[k] = entity[k];
    out.push({ block, entity, name: entity.name, explicit, nestedIn, ordinal: out.length });
  };
  if (block.tag === "entity_example" && isRecord(block.data) && block.data.type === "plugin" && isRecord(block.data.data)) {
    // KIC pages name the KongPlugin resource with `name` and the plugin with `plugin`.
    const { plugin, ...rest } = block.data.data;
    push(typeof plugin === "string" ? { ...rest, name: plugin } : block.data.data);
    return out;
  }
  const entities = entitiesOf(block);
  if (!entities) return out;
  // Collections in the order the block writes them, so the n-th plugin named X is the n-th `name: X` line.
  for (const [coll, value] of Object.entries(entities)) {
    if (coll === "plugins") {
      for (const p of list(value)) push(p);
      continue;
    }
    const kind = NESTING.find(([c]) => c === coll)?.[1];
    if (!kind) continue;
    for (const parent of list(value)) {
      for (const p of list(parent.plugins)) push(p, kind);
      if (coll === "services") for (const r of list(parent.routes)) for (const p of list(r.plugins)) push(p, "route");
    }
  }
  return out;
}

/** Line of a plugin's `name:` in its block: the n-th line naming it, for the n-th plugin of that name. */
export function pluginLine(use: PluginUse, all: PluginUse[]): number {
  const nth = all.filter((u) => u.name === use.name && u.ordinal < use.ordinal).length;
  const lines = use.block.raw.split("\n");
  const re = new RegExp(`^\\s*(?:-\\s+)?(?:name|plugin)\\s*:\\s*["']?${use.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*$`);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!re.test(lines[i])) continue;
    if (seen++ === nth) return use.block.bodyLine + i;
  }
  return use.block.source.line;
}

/** Names of entities a block creates, per kind. Identifiers: name, username, custom_id, id. */
export function createdBy(block: Block): Record<ScopeKind, string[]> {
  const out: Record<ScopeKind, string[]> = { service: [], route: [], consumer: [], consumer_group: [] };
  const add = (kind: ScopeKind, e: Json) => {
    for (const k of ["name", "username", "custom_id", "id"]) if (typeof e[k] === "string") out[kind].push(e[k] as string);
  };
  if (block.tag === "entity_example" && isRecord(block.data) && isRecord(block.data.data)) {
    const t = String(block.data.type ?? "");
    if (t === "service" || t === "route" || t === "consumer" || t === "consumer_group") add(t, block.data.data);
    return out;
  }
  const entities = entitiesOf(block);
  if (!entities) return out;
  for (const [coll, kind] of NESTING) for (const e of list(entities[coll])) add(kind, e);
  for (const s of list(entities.services)) for (const r of list(s.routes)) add("route", r);
  for (const g of list(entities.consumer_groups)) for (const c of list(g.consumers)) add("consumer", c);
  return out;
}
