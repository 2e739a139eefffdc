/**
 * The `site` object Liquid sees: `jekyll.yml` at the top level and the data folder as `site.data`.
 * Data files load lazily on first access (the corpus data folder holds megabytes of JSON no
 * how-to reads), so `site.data.how-tos.config` reads exactly one file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isRecord, parseYaml } from "./yaml.js";

const DATA_EXTS = [".yml", ".yaml", ".json"];

/** A data file that could not be read: its absolute path, the parser's message and line. */
export interface DataProblem {
  file: string;
  message: string;
  line: number;
}

/**
 * Problems found while loading data files lazily (absolute file → problem), and which of them were
 * looked up since `touched` was last cleared: a page that reads a broken data file reports it, every
 * time, not only the first page to load it.
 */
export class DataProblems extends Map<string, DataProblem> {
  readonly touched = new Set<string>();
}

function loadDataFile(file: string, problems: DataProblems): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  if (file.endsWith(".json")) {
    try {
      return JSON.parse(text);
    } catch (e) {
      problems.set(file, { file, message: (e as Error).message, line: 1 });
      problems.touched.add(file);
      return undefined;
    }
  }
  const r = parseYaml(text);
  if (r.error) {
    problems.set(file, { file, message: r.error.message, line: r.error.line });
    problems.touched.add(file);
    return undefined;
  }
  return r.value;
}

/** A plain-looking object whose properties are the folder's data files and subfolders, loaded on demand. */
export function lazyDataDir(dir: string, problems: DataProblems = new DataProblems()): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  const missing = new Set<string>();
  /** key → the broken file behind it, so each later lookup marks it touched again. */
  const broken = new Map<string, string>();
  let listed = false;

  const materialize = (key: string | symbol): void => {
    if (typeof key !== "string" || key in target || missing.has(key)) return;
    const sub = join(dir, key);
    if (existsSync(sub) && statSync(sub).isDirectory()) {
      target[key] = lazyDataDir(sub, problems);
      return;
    }
    for (const ext of DATA_EXTS) {
      const f = sub + ext;
      if (existsSync(f)) {
        const v = loadDataFile(f, problems);
        if (v !== undefined) target[key] = v;
        else {
          missing.add(key);
          if (problems.has(f)) broken.set(key, f);
        }
        return;
      }
    }
    missing.add(key);
  };

  const listAll = (): void => {
    if (listed) return;
    listed = true;
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      const ext = DATA_EXTS.find((e) => n.endsWith(e));
      materialize(ext ? n.slice(0, -ext.length) : n);
    }
  };

  const touch = (key: string | symbol): void => {
    const f = typeof key === "string" ? broken.get(key) : undefined;
    if (f) problems.touched.add(f);
  };
  return new Proxy(target, {
    get(t, key) {
      materialize(key);
      touch(key);
      return Reflect.get(t, key);
    },
    has(t, key) {
      materialize(key);
      touch(key);
      return Reflect.has(t, key);
    },
    getOwnPropertyDescriptor(t, key) {
      materialize(key);
      touch(key);
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    ownKeys(t) {
      listAll();
      return Reflect.ownKeys(t);
    },
  });
}

/** `jekyll.yml` (or the configured site file) merged with `data`. */
export function loadSite(siteFile: string, dataDir: string, problems: DataProblems): Record<string, unknown> {
  let site: Record<string, unknown> = {};
  if (existsSync(siteFile)) {
    const v = loadDataFile(siteFile, problems);
    if (isRecord(v)) site = { ...v };
  }
  site.data = lazyDataDir(dataDir, problems);
  return site;
}
