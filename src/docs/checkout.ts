/**
 * Opening a docs checkout: finding its root, layout and config, and the page files the command
 * line names. Paths may be the root, folders, or single page files (DESIGN §3).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { DEFAULT_LAYOUT, type DocvalConfig, type Layout } from "../core/config.js";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import { CONFIG_NAMES, loadConfig } from "./config.js";
import { DataProblems, loadSite } from "./site.js";

export interface Checkout {
  /** Absolute path of the checkout root. */
  root: string;
  layout: Layout;
  config: DocvalConfig;
  configFile?: string;
  /** `jekyll.yml` keys plus `data` (the data folder, loaded lazily). */
  site: Record<string, unknown>;
  /** Data files that failed to parse when something read them (absolute path → message). */
  dataProblems?: DataProblems;
}

export interface OpenOptions {
  cwd: string;
  root?: string;
  configFile?: string;
}

export interface OpenResult {
  checkout?: Checkout;
  /** Page files relative to the root, forward slashes, sorted. */
  pageFiles: string[];
  diagnostics: Diagnostic[];
}

/** Walks up from `from` to the first folder holding jekyll.yml or a docval config file. */
export function findRoot(from: string): { root: string; configFile?: string } | undefined {
  let dir = resolve(from);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  for (;;) {
    const config = CONFIG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    if (config) return { root: dir, configFile: config };
    if (existsSync(join(dir, DEFAULT_LAYOUT.site))) return { root: dir };
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function toRel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join("/");
}

function walkMarkdown(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walkMarkdown(p, out);
    else if (e.isFile() && e.name.endsWith(".md")) out.push(p);
  }
}

function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
}

export function openCheckout(paths: string[], opts: OpenOptions): OpenResult {
  const diagnostics: Diagnostic[] = [];
  const abs = paths.map((p) => resolve(opts.cwd, p));
  for (const p of abs) {
    if (!existsSync(p)) {
      diagnostics.push(diag("docs/path-not-found", "usage", `no such file or folder: ${relative(opts.cwd, p) || p}`, {
        hint: "pass the docs checkout root, a folder of pages, or a page file",
      }));
    }
  }
  if (diagnostics.length) return { pageFiles: [], diagnostics };

  let root: string | undefined;
  let configFile = opts.configFile ? resolve(opts.cwd, opts.configFile) : undefined;
  if (configFile && !existsSync(configFile)) {
    diagnostics.push(diag("docs/config-not-found", "usage", `config file not found: ${opts.configFile}`));
    return { pageFiles: [], diagnostics };
  }
  if (opts.root) {
    root = resolve(opts.cwd, opts.root);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      diagnostics.push(diag("docs/root-not-found", "usage", `--root is not a folder: ${opts.root}`));
      return { pageFiles: [], diagnostics };
    }
    if (!configFile) configFile = CONFIG_NAMES.map((n) => join(root as string, n)).find((p) => existsSync(p));
  } else {
    const found = findRoot(abs[0] ?? opts.cwd);
    if (found) {
      root = found.root;
      configFile ??= found.configFile;
    } else if (configFile) {
      root = dirname(configFile);
    }
  }
  if (!root) {
    diagnostics.push(diag("docs/no-checkout", "usage", `no docs checkout found at or above ${relative(opts.cwd, abs[0] ?? opts.cwd) || "."}`, {
      hint: "a checkout root holds jekyll.yml or docval.config.yaml; or pass --root <dir>",
    }));
    return { pageFiles: [], diagnostics };
  }

  let config: DocvalConfig = {};
  if (configFile) {
    const loaded = loadConfig(configFile);
    config = loaded.config;
    diagnostics.push(...loaded.diagnostics);
  }
  const layout: Layout = { ...DEFAULT_LAYOUT, ...(config.layout ?? {}) };
  const dataProblems = new DataProblems();
  const site = loadSite(join(root, layout.site), join(root, layout.data), dataProblems);
  const checkout: Checkout = { root, layout, config, configFile, site, dataProblems };
  const siteProblem = dataProblems.get(join(root, layout.site));
  if (siteProblem) {
    diagnostics.push(diag("docs/site-file", "config", `${layout.site} is not valid: ${siteProblem.message}`, { source: { file: layout.site, line: siteProblem.line }, hint: "every page reads {{ site.* }} from it; fix the file" }));
  }

  const pagesDir = join(root, layout.pages);
  const files = new Set<string>();
  const targets = abs.length ? abs : [root];
  let all: string[] | undefined;
  for (const p of targets) {
    if (statSync(p).isDirectory()) {
      if (!all) {
        all = [];
        walkMarkdown(pagesDir, all);
      }
      const inDir = all.filter((f) => isInside(p, f));
      if (inDir.length === 0) {
        diagnostics.push(diag("docs/no-pages", "usage", `no pages under ${toRel(root, p) || "."} (pages live in ${layout.pages})`, {
          severity: "warning",
        }));
      }
      for (const f of inDir) files.add(toRel(root, f));
    } else if (!isInside(root, p)) {
      diagnostics.push(diag("docs/outside-root", "usage", `${p} is outside the checkout root ${root}`));
    } else if (!p.endsWith(".md")) {
      diagnostics.push(diag("docs/not-a-page", "usage", `${toRel(root, p)} is not a Markdown page`, { hint: "pages are .md files" }));
    } else {
      files.add(toRel(root, p));
    }
  }
  return { checkout, pageFiles: [...files].sort(), diagnostics };
}
