/**
 * The Jekyll/site filters how-to pages use, in the forms that matter for test data. liquidjs
 * already provides `strip`, `default`, `append`, `downcase`, …; unknown filters pass values through.
 */
import type { Liquid } from "liquidjs";
import * as jsyaml from "js-yaml";

function str(v: unknown): string {
  return v == null ? "" : String(v);
}

export function registerFilters(liquid: Liquid): void {
  // Prefixes every non-empty line: used to re-emit captured blocks inside numbered lists.
  liquid.registerFilter("indent", (v: unknown, n: unknown = 0) => {
    const pad = " ".repeat(Math.max(0, Number(n) || 0));
    return str(v)
      .split("\n")
      .map((l) => (l.length ? pad + l : l))
      .join("\n");
  });
  liquid.registerFilter("base64", (v: unknown) => Buffer.from(str(v)).toString("base64"));
  liquid.registerFilter("json_prettify", (v: unknown) => {
    if (typeof v === "string") {
      try {
        return JSON.stringify(JSON.parse(v), null, 2);
      } catch {
        return v;
      }
    }
    return JSON.stringify(v, null, 2);
  });
  liquid.registerFilter("yaml_dump", (v: unknown) => jsyaml.dump(v, { lineWidth: -1, noRefs: true }));
  liquid.registerFilter("markdownify", (v: unknown) => str(v));
  liquid.registerFilter("escape_env_variables", (v: unknown) => str(v));
  liquid.registerFilter("titleize", (v: unknown) => str(v).replace(/\b\w/g, (c) => c.toUpperCase()));
  liquid.registerFilter("slugify", (v: unknown) =>
    str(v)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, ""),
  );
}
