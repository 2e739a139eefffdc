/**
 * The gateway's entities in memory: one ordered map per collection. The proxy reads a
 * `generation` counter to know when to rebuild its router; DB-less swaps the whole store.
 */
import type { EntityLookup } from "./plugins/types.js";
import { BY_COLLECTION, type Json } from "./entities.js";

export type Entity = Json & { id: string };

export class Store implements EntityLookup {
  private readonly cols = new Map<string, Map<string, Entity>>();
  /** Bumped on every write, so caches (router, plugin index) know they are stale. */
  generation = 0;

  private col(c: string): Map<string, Entity> {
    let m = this.cols.get(c);
    if (!m) this.cols.set(c, (m = new Map()));
    return m;
  }

  list(collection: string): Entity[] {
    return [...this.col(collection).values()];
  }

  /** By id, then by the collection's endpoint keys (name, username, key…). */
  get(collection: string, idOrKey: string): Entity | undefined {
    const m = this.col(collection);
    const byId = m.get(idOrKey);
    if (byId) return byId;
    const keys = BY_COLLECTION.get(collection)?.endpointKeys ?? [];
    if (!keys.length) return undefined;
    for (const e of m.values()) if (keys.some((k) => e[k] === idOrKey)) return e;
    return undefined;
  }

  put(collection: string, e: Entity): void {
    this.col(collection).set(e.id, e);
    this.generation++;
  }

  delete(collection: string, id: string): boolean {
    const ok = this.col(collection).delete(id);
    if (ok) this.generation++;
    return ok;
  }

  collections(): string[] {
    return [...this.cols.keys()].filter((c) => this.col(c).size > 0);
  }

  /** Entities of `collection` whose foreign `field` points at `id`. */
  referencing(collection: string, field: string, id: string): Entity[] {
    return this.list(collection).filter((e) => (e[field] as { id?: string } | null | undefined)?.id === id);
  }
}
