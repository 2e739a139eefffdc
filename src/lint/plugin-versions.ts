/**
 * Which schema versions a page's plugins are checked against: the page's `min_version.gateway` (resolved to the
 * nearest schema folder at or below it) and the latest folder; and which plugin names the page defines itself.
 */
import type { Block, ParsedPage } from "../docs/model.js";
import type { PluginSchemaRegistry } from "../schemas/plugins.js";
import { parseVersion } from "../schemas/version.js";
import { isRecord, pluginsOf, type PluginUse } from "./entities.js";
import type { LintContext } from "./rule.js";

export interface PageVersions {
  /** Version folders to check, oldest first, without duplicates. */
  check: string[];
  /** As written (or as YAML read it), when the page has one. */
  minWritten?: string;
  latest: string;
}

export function pageVersions(page: ParsedPage, schemas: PluginSchemaRegistry): PageVersions | undefined {
  const all = schemas.versions();
  if (all.length === 0) return undefined;
  const latest = all[all.length - 1];
  const mv = page.frontMatter.min_version;
  const raw = isRecord(mv) ? mv.gateway : undefined;
  const minWritten = typeof raw === "string" || typeof raw === "number" ? String(raw) : undefined;
  const min = minWritten ? ceilVersion(all, minWritten, schemas) : undefined;
  return { check: min && min !== latest ? [min, latest] : [latest], minWritten, latest };
}

/**
 * The first folder at or above the written version. Between folders (3.6 sits between 3.4 and 3.7) the lower one
 * may lack a plugin or field the page's version has, so only the upper one can prove that something is missing.
 */
function ceilVersion(all: string[], written: string, schemas: PluginSchemaRegistry): string {
  const floor = schemas.resolveVersion(written);
  if (floor === undefined) return all[0];
  if (parseVersion(floor)!.join(".") === (parseVersion(written) ?? []).join(".").replace(/(\.0)+$/, "") || floor === written) return floor;
  return all[all.indexOf(floor) + 1] ?? floor;
}

/** Plugins the page defines: clones (`cloned_plugins`, mapped to their source) and, when it streams or installs custom plugins, any name. */
export function pageDefinedPlugins(page: ParsedPage): { clones: Map<string, string>; custom: boolean } {
  const clones = new Map<string, string>();
  for (const b of page.blocks) {
    if (b.tag !== "entity_examples" || !isRecord(b.data) || !isRecord(b.data.entities)) continue;
    const list = b.data.entities.cloned_plugins;
    if (Array.isArray(list)) for (const c of list) if (isRecord(c) && typeof c.name === "string") clones.set(c.name, typeof c.ref === "string" ? c.ref : "");
  }
  const custom = /custom_plugins|KONG_PLUGINS\s*[=:]|custom plugin/i.test(page.text);
  return { clones, custom };
}


/** One plugin as a rule sees it: where it is, the versions to check, and the schema name it validates under. */
export interface PluginUseVisit {
  block: Block;
  use: PluginUse;
  /** Every plugin of the same block (for line lookups). */
  uses: PluginUse[];
  versions: PageVersions;
  schemas: PluginSchemaRegistry;
  /** The clone's source plugin for a cloned name, else the name itself. */
  schemaName: string;
  defined: { clones: Map<string, string>; custom: boolean };
}

/** Calls `fn` for every plugin on the page, when the checkout has schemas to check it against. */
export function eachPluginUse(ctx: LintContext, fn: (visit: PluginUseVisit) => void): void {
  const { page, schemas } = ctx;
  if (!schemas) return;
  const versions = pageVersions(page, schemas);
  if (!versions) return;
  const defined = pageDefinedPlugins(page);
  for (const block of page.blocks) {
    const uses = pluginsOf(block);
    for (const use of uses) fn({ block, use, uses, versions, schemas, schemaName: defined.clones.get(use.name) || use.name, defined });
  }
}
