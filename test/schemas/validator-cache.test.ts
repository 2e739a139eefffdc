/**
 * The cross-process cache of compiled plugin-schema validators: a validator loaded from the cache behaves exactly
 * like a freshly compiled one (errors, defaults filled), and a missing, corrupt or unwritable cache only costs time.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheStats, defaultCacheDir, validatorFor } from "../../src/schemas/validator-cache.js";
import { CORPUS, HAS_CORPUS } from "../helpers/corpus.js";

const tmp = mkdtempSync(join(tmpdir(), "docval-vcache-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SCHEMA = {
  type: "object",
  required: ["config"],
  properties: {
    config: {
      type: "object",
      required: ["host"],
      properties: {
        host: { type: "string", pattern: "^[a-z.]+$" },
        url: { type: "string", format: "uri" },
        port: { type: "integer", minimum: 1, maximum: 65535, default: 6379 },
        policy: { type: "string", enum: ["local", "redis"], default: "local" },
        strategy: { oneOf: [{ type: "string" }, { type: "integer" }] },
      },
    },
  },
};
const TEXT = JSON.stringify(SCHEMA);
const INPUTS: unknown[] = [
  { config: { host: "redis.local" } },
  { config: { host: "Bad Host", port: 0, policy: "cluster", url: "not a uri", strategy: [] } },
  { config: {} },
  {},
  { config: { host: "h", port: "6379", url: "https://example.com/x" } },
];

/** What a validator says about each input: verdict, errors without ajv's internal fields, and the defaulted data. */
function outcomes(v: ReturnType<typeof validatorFor>): unknown[] {
  return INPUTS.map((input) => {
    const data = structuredClone(input);
    const ok = v(data);
    const errors = (v.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();
    return { ok, errors, data };
  });
}

describe("validatorFor", () => {
  const reference = outcomes(validatorFor(TEXT, SCHEMA, { cacheDir: false }));

  it("fills defaults and reports errors (the reference, compiled without a cache)", () => {
    expect(reference[0]).toMatchObject({ ok: true, data: { config: { host: "redis.local", port: 6379, policy: "local" } } });
    expect((reference[1] as { errors: string[] }).errors.length).toBeGreaterThanOrEqual(5);
  });

  it("stores code and a V8 code cache on a miss, and loads the same behaviour on a hit", () => {
    const dir = join(tmp, "a");
    const before = { ...cacheStats };
    const first = validatorFor(TEXT, SCHEMA, { cacheDir: dir });
    expect(cacheStats.misses).toBe(before.misses + 1);
    const files = readdirSync(join(dir, "ajv")).sort();
    expect(files.filter((f) => f.endsWith(".cjs"))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith(".cjs.v8"))).toHaveLength(1);
    expect(files.some((f) => f.endsWith(".tmp"))).toBe(false);
    expect(outcomes(first)).toEqual(reference);

    const second = validatorFor(TEXT, SCHEMA, { cacheDir: dir });
    expect(cacheStats.hits).toBe(before.hits + 1);
    expect(second).not.toBe(first);
    expect(outcomes(second)).toEqual(reference);
  });

  it("keys the cache by schema text: a changed schema is compiled anew", () => {
    const dir = join(tmp, "b");
    validatorFor(TEXT, SCHEMA, { cacheDir: dir });
    const changed = structuredClone(SCHEMA);
    changed.properties.config.properties.port.default = 1;
    const misses = cacheStats.misses;
    const v = validatorFor(JSON.stringify(changed), changed, { cacheDir: dir });
    expect(cacheStats.misses).toBe(misses + 1);
    const data = { config: { host: "h" } };
    v(data);
    expect(data.config).toMatchObject({ port: 1 });
  });

  it("recompiles over a corrupt cache file and a corrupt code cache", () => {
    const dir = join(tmp, "c");
    validatorFor(TEXT, SCHEMA, { cacheDir: dir });
    const files = readdirSync(join(dir, "ajv"));
    for (const f of files) writeFileSync(join(dir, "ajv", f), f.endsWith(".v8") ? "garbage" : "module.exports = 42; (");
    expect(outcomes(validatorFor(TEXT, SCHEMA, { cacheDir: dir }))).toEqual(reference);
    // The rewrite repaired it: the next load is a hit with the same behaviour.
    const hits = cacheStats.hits;
    expect(outcomes(validatorFor(TEXT, SCHEMA, { cacheDir: dir }))).toEqual(reference);
    expect(cacheStats.hits).toBe(hits + 1);
  });

  it("still validates when the cache folder cannot be created", () => {
    const blocker = join(tmp, "not-a-dir");
    writeFileSync(blocker, "x");
    const failures = cacheStats.writeFailures;
    expect(outcomes(validatorFor(TEXT, SCHEMA, { cacheDir: blocker }))).toEqual(reference);
    expect(cacheStats.writeFailures).toBe(failures + 1);
  });

  it("writes nothing with the cache off, and DOCVAL_CACHE_DIR chooses or disables the folder", () => {
    const saved = process.env.DOCVAL_CACHE_DIR;
    try {
      process.env.DOCVAL_CACHE_DIR = "off";
      expect(defaultCacheDir()).toBe(false);
      process.env.DOCVAL_CACHE_DIR = join(tmp, "env");
      expect(defaultCacheDir()).toBe(join(tmp, "env", "ajv"));
      delete process.env.DOCVAL_CACHE_DIR;
      expect(defaultCacheDir()).toMatch(/node_modules[\\/]\.cache[\\/]docval[\\/]ajv$/);
    } finally {
      if (saved === undefined) delete process.env.DOCVAL_CACHE_DIR;
      else process.env.DOCVAL_CACHE_DIR = saved;
    }
    expect(existsSync(join(tmp, "env"))).toBe(false);
  });
});

describe.skipIf(!HAS_CORPUS)("validatorFor on Kong's generated schemas", () => {
  const dir = resolve(CORPUS, "app/_schemas/gateway/plugins/3.15");
  it.each(["RateLimiting.json", "KeyAuth.json", "AiProxy.json"])("%s behaves the same from the cache", (name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const schema = JSON.parse(text) as object;
    const cacheDir = join(tmp, "corpus");
    const entities = [{ config: {} }, { config: { minute: "five", policy: "nope", unknown: 1 } }, { config: { key_names: 3 } }, { protocols: ["ftp"], config: null }];
    const run = (v: ReturnType<typeof validatorFor>) =>
      entities.map((e) => {
        const data = structuredClone(e);
        return { ok: v(data), errors: v.errors?.map((x) => `${x.instancePath} ${x.keyword}`), data };
      });
    const fresh = run(validatorFor(text, schema, { cacheDir: false }));
    validatorFor(text, schema, { cacheDir });
    expect(run(validatorFor(text, schema, { cacheDir }))).toEqual(fresh);
  });
});
