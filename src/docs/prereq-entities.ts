/**
 * `prereqs.entities` → one decK config, from `<data>/entity_examples/<product>/<kind>/<name>.y(a)ml`
 * (the file's basename is the name; key order follows the front matter). A missing file is a
 * page error naming the file, as it fails the site build.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as jsyaml from "js-yaml";
import { diag } from "../core/diagnostic.js";
import type { SourcePos } from "../core/source.js";
import type { Checkout } from "./checkout.js";
import type { Block } from "./model.js";
import { isRecord, parseYaml } from "./yaml.js";

/** Entity data files read so far, per checkout: most pages use the same example-service/route. */
const entityCache = new WeakMap<Checkout, Map<string, { found?: string; r?: ReturnType<typeof parseYaml> }>>();

function readEntity(checkout: Checkout, base: string): { found?: string; r?: ReturnType<typeof parseYaml> } {
  let cache = entityCache.get(checkout);
  if (!cache) entityCache.set(checkout, (cache = new Map()));
  let hit = cache.get(base);
  if (!hit) {
    const found = [".yml", ".yaml"].map((e) => base + e).find((f) => existsSync(join(checkout.root, f)));
    hit = found ? { found, r: parseYaml(readFileSync(join(checkout.root, found), "utf8")) } : {};
    cache.set(base, hit);
  }
  return hit;
}

export function prereqEntitiesBlock(
  checkout: Checkout,
  frontMatter: Record<string, unknown>,
  prereqs: Record<string, unknown>,
  source: SourcePos,
): Block {
  const entities = prereqs.entities;
  const block: Block = { tag: "prereq_entities", source, bodyLine: source.line, raw: "", section: "prereqs", tabs: [] };
  if (!isRecord(entities)) {
    block.error = diag("docs/prereq-entities-shape", "page", "prereqs.entities must map entity kinds to lists of names", { severity: "error", source });
    return block;
  }
  const products = Array.isArray(frontMatter.products) ? frontMatter.products.map(String) : [];
  let product = typeof prereqs.entities_product === "string" ? prereqs.entities_product : products[0] ?? "gateway";
  if (product === "operator") product = "kic";
  const config: Record<string, unknown> = { _format_version: "3.0" };
  for (const [kind, names] of Object.entries(entities)) {
    const list = Array.isArray(names) ? names : names == null ? [] : [names];
    const objs: unknown[] = [];
    for (const name of list) {
      const base = join(checkout.layout.data, "entity_examples", product, kind, String(name));
      const { found, r } = readEntity(checkout, base);
      if (!found || !r) {
        block.error ??= diag("docs/prereq-entity-missing", "page", `missing entity_example file ${base}.yml (prereqs.entities.${kind}: ${String(name)})`, {
          severity: "error",
          source,
          hint: `create ${base}.yml or fix the name; names are file basenames under ${join(checkout.layout.data, "entity_examples", product, kind)}/`,
        });
        continue;
      }
      if (r.error) {
        block.error ??= diag("docs/prereq-entity-yaml", "page", `${found} is not valid YAML: ${r.error.message}`, {
          severity: "error",
          source: { file: found, line: r.error.line },
          related: [{ message: "used here", source }],
        });
        continue;
      }
      // A copy: the same data file serves many pages, and later stages own what they are given.
      objs.push(structuredClone(r.value));
    }
    config[kind] = objs;
  }
  block.data = config;
  block.raw = jsyaml.dump(config, { lineWidth: -1, noRefs: true });
  return block;
}
