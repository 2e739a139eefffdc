/**
 * Compiled plugin-schema validators, cached across processes. Compiling Kong's generated schemas with ajv costs
 * 5–30 ms per file and a cold lint compiles dozens, which is most of its run time; the generated standalone code of
 * a schema never changes while the schema text and the ajv versions stay the same. So the code is stored under
 * `node_modules/.cache/docval/ajv/<hash>.cjs` (the hash covers the schema text, the ajv and ajv-formats versions
 * and the options) and later processes load it without loading ajv's compiler at all (docs/performance.md).
 *
 * The cache is an optimisation only: any failure to read, write or load it falls back to compiling in-process.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import type { Ajv, Options, ValidateFunction } from "ajv";

const require = createRequire(import.meta.url);

/** Bump when the options below or the way code is stored change. */
const FORMAT = "docval-ajv-standalone-1";

// validateSchema/optimize off: the files are machine-generated, and meta-validation plus the optimiser
// passes roughly double compile time, which dominates a cold lint run.
const AJV_OPTIONS: Options = {
  strict: false,
  unicodeRegExp: false,
  useDefaults: true,
  allErrors: true,
  validateSchema: false,
  addUsedSchema: false,
  code: { optimize: false, source: true },
};

export interface ValidatorSource {
  /** Where cached code lives; false turns the cache off. Default: `DOCVAL_CACHE_DIR`, else `node_modules/.cache/docval`. */
  cacheDir?: string | false;
}

/** How the last validators were obtained (for bench/lint.ts and tests). */
export const cacheStats = { hits: 0, misses: 0, writeFailures: 0, codeCacheRejected: 0 };

let sharedAjv: Ajv | undefined;
let standalone: ((ajv: Ajv, v: ValidateFunction) => string) | undefined;

function ajv(): Ajv {
  if (!sharedAjv) {
    // Loaded on first miss only: with a warm cache, ajv's compiler (and its ~100 modules) is never loaded.
    const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
    const formats = require("ajv-formats") as { default?: (a: Ajv) => Ajv } & ((a: Ajv) => Ajv);
    sharedAjv = new AjvClass(AJV_OPTIONS);
    (formats.default ?? formats)(sharedAjv);
    standalone = (require("ajv/dist/standalone") as { default: (a: Ajv, v: ValidateFunction) => string }).default;
  }
  return sharedAjv;
}

let versions: string | undefined;
function toolVersions(): string {
  versions ??= ["ajv", "ajv-formats"]
    .map((p) => {
      try {
        return `${p}@${(require(`${p}/package.json`) as { version: string }).version}`;
      } catch {
        return `${p}@?`;
      }
    })
    .join(",");
  return versions;
}

/** The default cache folder: beside the node_modules that holds ajv, so it follows docval's own install. */
export function defaultCacheDir(): string | false {
  const env = process.env.DOCVAL_CACHE_DIR;
  if (env !== undefined) return env === "" || env === "off" ? false : join(env, "ajv");
  try {
    const ajvPkg = require.resolve("ajv/package.json");
    return join(dirname(dirname(ajvPkg)), ".cache", "docval", "ajv");
  } catch {
    return false;
  }
}

/** A validator for `schema` (whose file text is `text`): from the cache when present, else compiled and stored. */
export function validatorFor(text: string, schema: object, opts: ValidatorSource = {}): ValidateFunction {
  const dir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir === false ? false : join(opts.cacheDir, "ajv");
  const key = createHash("sha256").update(FORMAT).update("\0").update(toolVersions()).update("\0").update(text).digest("hex").slice(0, 40);
  if (dir) {
    const file = join(dir, `${key}.cjs`);
    const code = readOrUndefined(file);
    if (code !== undefined) {
      const loaded = instantiate(file, code.toString("utf8"), readOrUndefined(`${file}.v8`));
      if (loaded) {
        cacheStats.hits++;
        return loaded;
      }
    }
    cacheStats.misses++;
    const a = ajv();
    const compiled = a.compile(schema);
    const source = standalone!(a, compiled);
    if (!store(dir, file, source)) return compiled;
    return instantiate(file, source, undefined) ?? compiled;
  }
  cacheStats.misses++;
  return ajv().compile(schema);
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Runs stored standalone code and returns its validator. The code is ajv's own output for the schema whose hash
 * names the file; it requires only ajv's runtime helpers and ajv-formats' formats, resolved from docval's install
 * (not from wherever the cache sits). V8's code cache for it (`.v8` beside it) skips parsing and compiling the large
 * generated function again; it is written once, after a first call has compiled that function.
 */
function instantiate(file: string, code: string, v8: Buffer | undefined): ValidateFunction | undefined {
  try {
    const script = new Script(`(function (require, module, exports) {${code}\n})`, { filename: file, cachedData: v8 });
    const module = { exports: {} as unknown };
    (script.runInThisContext() as (r: NodeJS.Require, m: { exports: unknown }, e: unknown) => void)(require, module, module.exports);
    const fn = module.exports as ValidateFunction & { default?: ValidateFunction };
    const validate = fn.default ?? fn;
    if (typeof validate !== "function") return undefined;
    if (v8 !== undefined && script.cachedDataRejected) cacheStats.codeCacheRejected++;
    if (v8 === undefined || script.cachedDataRejected) {
      validate({}); // compiles the validator's body, so the code cache holds it
      validate.errors = null;
      writeAtomically(`${file}.v8`, script.createCachedData());
    }
    return validate;
  } catch {
    return undefined;
  }
}

function store(dir: string, file: string, code: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    cacheStats.writeFailures++;
    return false;
  }
  return writeAtomically(file, code);
}

/** Write then rename: a concurrent reader sees no file or the whole file, never half of it. */
function writeAtomically(file: string, data: string | Buffer): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
    return true;
  } catch {
    cacheStats.writeFailures++;
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing left to clean
    }
    return false;
  }
}
