/**
 * docval.config.yaml / .yml / .json: loading it (openCheckout finds it, with the root) into a
 * DocvalConfig with diagnostics for anything malformed. Unknown keys are warnings, not errors.
 */
import { readFileSync } from "node:fs";
import type { DocvalConfig } from "../core/config.js";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import { isRecord, parseYaml } from "./yaml.js";
import { yamlPositions } from "./yaml-positions.js";

export const CONFIG_NAMES = ["docval.config.yaml", "docval.config.yml", "docval.config.json"];

const KNOWN_KEYS = new Set([
  "layout", "products", "public", "target", "hosts", "expectedFailures", "reporters",
  "sourceBaseUrl", "lint", "run",
]);
const LAYOUT_KEYS = new Set(["pages", "includes", "data", "site", "schemas", "files"]);


export function loadConfig(file: string): { config: DocvalConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    diagnostics.push(diag("docs/config-unreadable", "config", `cannot read config file ${file}: ${(e as Error).message}`, { source: { file, line: 1 } }));
    return { config: {}, diagnostics };
  }
  let value: unknown;
  if (file.endsWith(".json")) {
    try {
      value = JSON.parse(text);
    } catch (e) {
      diagnostics.push(diag("docs/config-parse", "config", `config file is not valid JSON: ${(e as Error).message}`, { source: { file, line: 1 } }));
      return { config: {}, diagnostics };
    }
  } else {
    const r = parseYaml(text);
    if (r.error) {
      diagnostics.push(diag("docs/config-parse", "config", `config file is not valid YAML: ${r.error.message}`, { source: { file, line: r.error.line } }));
      return { config: {}, diagnostics };
    }
    value = r.value ?? {};
  }
  if (!isRecord(value)) {
    diagnostics.push(diag("docs/config-shape", "config", "config file must hold a mapping at the top level", { source: { file, line: 1 } }));
    return { config: {}, diagnostics };
  }
  // Positions for YAML configs (JSON ones point at line 1).
  const positions = file.endsWith(".json") ? undefined : yamlPositions(text);
  const at = (...path: string[]): { file: string; line: number } => ({ file, line: positions?.keyLine(path) ?? 1 });
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.has(key)) {
      diagnostics.push(diag("docs/config-unknown-key", "config", `unknown config key '${key}'`, {
        severity: "warning", source: at(key), hint: `known keys: ${[...KNOWN_KEYS].join(", ")}`,
      }));
    }
  }
  const layout = value.layout;
  if (layout !== undefined) {
    if (!isRecord(layout)) {
      diagnostics.push(diag("docs/config-shape", "config", "'layout' must be a mapping of folder names", { source: at("layout") }));
      delete value.layout;
    } else {
      for (const [k, v] of Object.entries(layout)) {
        if (!LAYOUT_KEYS.has(k) || typeof v !== "string") {
          diagnostics.push(diag("docs/config-shape", "config", `layout.${k} must be one of ${[...LAYOUT_KEYS].join(", ")} with a string path`, { source: at("layout", k) }));
          delete layout[k];
        }
      }
    }
  }
  if (value.products !== undefined && !(Array.isArray(value.products) && value.products.every((p) => typeof p === "string"))) {
    diagnostics.push(diag("docs/config-shape", "config", "'products' must be a list of product names", { source: at("products") }));
    delete value.products;
  }
  const stringList = (key: string) => {
    const v = value[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === "string"))) {
      diagnostics.push(diag("docs/config-shape", "config", `'${key}' must be a list of strings`, { source: at(key) }));
      delete value[key];
    }
  };
  stringList("public");
  stringList("reporters");
  const lint = value.lint;
  const rules = isRecord(lint) ? lint.rules : undefined;
  if (isRecord(rules)) {
    for (const [id, sev] of Object.entries(rules)) {
      if (sev === "warning") rules[id] = "warn"; // the word the findings print
      else if (sev !== "off" && sev !== "warn" && sev !== "error") {
        diagnostics.push(diag("docs/config-shape", "config", `lint.rules.${id} must be off, warn or error, got ${JSON.stringify(sev)}`, { source: at("lint", "rules", id) }));
        delete rules[id];
      }
    }
  }
  const run = value.run;
  if (isRecord(run)) {
    for (const [k, v] of Object.entries(run)) {
      if (!["workers", "timeoutMs", "pageTimeoutMs", "retries"].includes(k)) {
        diagnostics.push(diag("docs/config-unknown-key", "config", `unknown key run.${k}`, { severity: "warning", source: at("run", k), hint: "known: workers, timeoutMs, pageTimeoutMs, retries" }));
      } else if (!(typeof v === "number" && Number.isInteger(v) && v >= (k === "retries" ? 0 : 1))) {
        diagnostics.push(diag("docs/config-shape", "config", `run.${k} must be a whole number${k === "retries" ? "" : " ≥ 1"}, got ${JSON.stringify(v)}`, { source: at("run", k) }));
        delete run[k];
      }
    }
  }
  return { config: value as DocvalConfig, diagnostics };
}
