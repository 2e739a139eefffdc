import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openPluginSchemas } from "../../src/schemas/plugins.js";
import { pascalToSlug, slugToPascal } from "../../src/schemas/slug.js";
import { CORPUS, HAS_CORPUS, PROJECT_ROOT } from "../helpers/corpus.js";

const FIXTURE = resolve(PROJECT_ROOT, "test/fixtures/schemas/plugins");
const ENV = '${{ env "DECK_REDIS_PORT" }}';

function errs(v: { errors: { path: string[]; message: string }[] }): string[] {
  return v.errors.map((e) => `${e.path.join(".")}: ${e.message}`).sort();
}

describe("plugin schema registry (fixture schemas)", () => {
  const reg = openPluginSchemas(FIXTURE);

  it("lists version folders in numeric order and ignores other folders", () => {
    expect(reg.versions()).toEqual(["3.4", "3.10"]);
  });

  it("resolves a version to the nearest folder at or below it", () => {
    expect(reg.resolveVersion("3.4")).toBe("3.4");
    expect(reg.resolveVersion("3.9")).toBe("3.4");
    expect(reg.resolveVersion("3.10")).toBe("3.10");
    expect(reg.resolveVersion("3.12.0.1")).toBe("3.10");
    expect(reg.resolveVersion("3.3")).toBeUndefined();
    expect(reg.resolveVersion("latest")).toBeUndefined();
  });

  it("maps file names to slugs and looks slugs up case-insensitively", () => {
    expect(reg.plugins("3.4")).toEqual(["acl", "key-auth", "rate-limiting"]);
    expect(reg.plugins("3.10")).toEqual(["acl", "ai-a2a-proxy", "broken", "datakit", "rate-limiting"]);
    expect(reg.has("3.4", "acl")).toBe(true);
    expect(reg.has("3.10", "ai-a2a-proxy")).toBe(true);
    expect(reg.has("3.10", "key-auth")).toBe(false);
    expect(reg.has("3.99", "acl")).toBe(false);
  });

  it("reports the scope keys a plugin supports", () => {
    expect(reg.scopes("3.4", "key-auth")).toEqual(["service", "route"]);
    expect(reg.scopes("3.4", "rate-limiting")).toEqual(["service", "route", "consumer", "consumer_group"]);
    expect(reg.scopes("3.4", "nope")).toEqual([]);
  });

  it("accepts a valid config and fills defaults into a copy", () => {
    const entity = { name: "rate-limiting", config: { minute: 5 }, enabled: true, tags: ["x"] };
    const v = reg.validate("3.4", "rate-limiting", entity);
    expect(v.errors).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.config).toEqual({ minute: 5, policy: "local", error_code: 429 });
    expect(v.protocols).toEqual(["http", "https"]);
    expect(entity.config).toEqual({ minute: 5 });
  });

  it("fills config defaults when config is absent", () => {
    const v = reg.validate("3.4", "key-auth", {});
    expect(v.ok).toBe(true);
    expect(v.config).toEqual({ hide_credentials: false, key_names: ["apikey"] });
  });

  it("reports unknown keys, bad enums and wrong types with Kong-like messages", () => {
    const v = reg.validate("3.4", "rate-limiting", { config: { minit: 5, policy: "fast", hour: "ten" }, colour: 1 });
    expect(v.ok).toBe(false);
    expect(errs(v)).toEqual([
      "colour: unknown field",
      "config.hour: expected a number",
      "config.minit: unknown field",
      "config.policy: expected one of: cluster, local, redis",
    ]);
  });

  it("walks nested objects and arrays for unknown keys but leaves maps alone", () => {
    const v = reg.validate("3.10", "rate-limiting", {
      config: { redis: { host: "h", prot: 1 }, headers: { anything: "goes" } },
    });
    expect(errs(v)).toEqual(["config.redis.prot: unknown field"]);
  });

  it("knows shorthand fields of older schemas", () => {
    expect(reg.validate("3.4", "rate-limiting", { config: { redis_server: "r" } }).errors).toEqual([]);
  });

  it("accepts env and vault references for any type, and returns them unchanged", () => {
    const config = { redis: { port: ENV, host: "{vault://env/redis-host}" }, minute: "${limit}" };
    const v = reg.validate("3.10", "rate-limiting", { config });
    expect(v.errors).toEqual([]);
    expect(v.config.redis).toEqual({ port: ENV, host: "{vault://env/redis-host}", timeout: 2000 });
    expect(v.config.minute).toBe("${limit}");
    expect(v.references).toEqual([
      { path: ["config", "redis", "port"], kind: "env", referenceable: true },
      { path: ["config", "redis", "host"], kind: "vault", referenceable: true },
      { path: ["config", "minute"], kind: "variable", referenceable: false },
    ]);
  });

  it("reads null as unset", () => {
    const v = reg.validate("3.10", "rate-limiting", { config: { minute: null, redis: { port: null } } });
    expect(v.errors).toEqual([]);
    expect(v.config).toEqual({ policy: "local", error_code: 429, redis: { port: 6379, timeout: 2000 } });
  });

  it("rejects scope keys the plugin does not support", () => {
    const v = reg.validate("3.4", "key-auth", { consumer: "alex", service: "example-service", config: {} });
    expect(errs(v)).toEqual(["consumer: value must be null (this plugin cannot be scoped to a consumer)"]);
    expect(reg.validate("3.4", "rate-limiting", { consumer_group: "gold", config: {} }).ok).toBe(true);
  });

  it("checks required fields, bounds and protocols", () => {
    const v = reg.validate("3.10", "ai-a2a-proxy", { config: { model: {}, max_tokens: 500 }, protocols: ["http"] });
    expect(errs(v)).toEqual(["config.max_tokens: value should be between 1 and 100", "config.model.provider: required field missing"]);
    const p = reg.validate("3.4", "key-auth", { protocols: ["tcp"] });
    expect(errs(p)).toEqual(["protocols.0: expected one of: grpc, grpcs, http, https"]);
    expect(errs(reg.validate("3.10", "ai-a2a-proxy", { config: [] }))).toEqual(["config: expected a record"]);
  });

  it("validates oneOf shapes with one error, and unknown keys across branches", () => {
    expect(reg.validate("3.10", "datakit", { config: { nodes: [{ type: "jq", jq: "." }, { type: "call", url: "u" }] } }).errors).toEqual([]);
    const v = reg.validate("3.10", "datakit", { config: { nodes: [{ type: "exit" }, { type: "call", urll: "u" }] } });
    expect(errs(v)).toEqual(["config.nodes.0: value matches none of the allowed shapes", "config.nodes.1.urll: unknown field"]);
  });

  it("answers a missing or unreadable schema with an error, never a throw", () => {
    expect(reg.validate("3.4", "nope", {}).ok).toBe(false);
    expect(reg.validate("3.10", "broken", {}).errors[0].path).toEqual(["name"]);
    expect(openPluginSchemas("/nonexistent/schemas").versions()).toEqual([]);
  });

  it("round-trips slugs and Pascal names", () => {
    for (const [pascal, slug] of [["KeyAuth", "key-auth"], ["ACL", "acl"], ["AiA2aProxy", "ai-a2a-proxy"], ["Oauth2Introspection", "oauth2-introspection"]]) {
      expect(pascalToSlug(pascal)).toBe(slug);
      expect(slugToPascal(slug).toLowerCase()).toBe(pascal.toLowerCase());
    }
  });
});

describe.skipIf(!HAS_CORPUS)("plugin schema registry (corpus schemas)", () => {
  const dir = resolve(CORPUS, "app/_schemas/gateway/plugins");
  const reg = openPluginSchemas(dir);

  it("has the documented versions", () => {
    expect(reg.versions()).toEqual(["3.4", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]);
    expect(reg.resolveVersion("3.5")).toBe("3.4");
    expect(reg.resolveVersion("3.6")).toBe("3.4");
  });

  it("derives slugs that match the plugin docs folders", () => {
    const folders = new Set(readdirSync(resolve(CORPUS, "app/_kong_plugins")));
    const latest = reg.plugins("3.15");
    expect(latest.length).toBe(114); // 115 files, two differ only in case
    const known = latest.filter((p) => folders.has(p));
    // Schemas exist for a few plugins without a docs folder; every other slug must name a real folder.
    expect(latest.filter((p) => !folders.has(p)).sort()).toEqual(["konnect-application-auth", "statsd-advanced"]);
    expect(known).toContain("ai-a2a-proxy");
    expect(known).toContain("acl");
    expect(known).toContain("openid-connect");
  });

  it("validates real plugin configs the way Kong would", () => {
    expect(reg.scopes("3.15", "key-auth")).toEqual(["service", "route"]);
    const ok = reg.validate("3.15", "rate-limiting", { config: { minute: 5, policy: "local" }, consumer: "alex" });
    expect(ok.errors).toEqual([]);
    expect(ok.config.limit_by).toBe("consumer");
    expect(reg.validate("3.15", "key-auth", {}).config.hide_credentials).toBe(true);
    expect(reg.validate("3.13", "key-auth", {}).config.hide_credentials).toBe(false);
    const bad = reg.validate("3.15", "ai-proxy", {
      config: { route_type: "llm/v1/chat", model: { provider: "openai", nmae: "gpt-4" }, auth: { header_value: "{vault://env/key}" } },
    });
    expect(errs(bad)).toEqual(["config.model.nmae: unknown field"]);
    expect(bad.references).toEqual([{ path: ["config", "auth", "header_value"], kind: "vault", referenceable: true }]);
  });
});

describe.skipIf(!HAS_CORPUS)("plugin schema registry: older schema generation", () => {
  const reg = openPluginSchemas(resolve(CORPUS, "app/_schemas/gateway/plugins"));

  it("reads referenceable from the description where x-referenceable is absent", () => {
    const v = reg.validate("3.4", "request-transformer-advanced", { config: { add: { headers: ["{vault://env/h}"] } } });
    expect(v.errors).toEqual([]);
    expect(v.references).toEqual([{ path: ["config", "add", "headers", "0"], kind: "vault", referenceable: true }]);
  });

  it("accepts {id} for foreign keys the older files flatten to strings", () => {
    expect(reg.validate("3.4", "vault-auth", { config: { vault: { id: "${id}" } } }).errors).toEqual([]);
    expect(errs(reg.validate("3.4", "vault-auth", { config: { vault: { id: "x", extra: 1 } } }))).toEqual(["config.vault: expected a string"]);
  });

  it("picks the oneOf branch by its discriminator for the unknown-key walk", () => {
    const nodes = [
      { name: "JOIN", type: "jq", inputs: { input1: "A.body" }, jq: "." },
      { name: "EXIT", type: "exit", inputs: { body: "JOIN" }, status: 200 },
    ];
    expect(reg.validate("3.15", "datakit", { config: { nodes } }).errors).toEqual([]);
    const bad = reg.validate("3.15", "datakit", { config: { nodes: [{ name: "EXIT", type: "exit", inputs: { bdy: "JOIN" } }] } });
    expect(errs(bad)).toContain("config.nodes.0.inputs.bdy: unknown field");
  });

  it("builds a left-out required record from its defaults, as Kong does", () => {
    const cfg = { targets: [{ model: { provider: "openai", name: "gpt-4o" }, route_type: "llm/v1/chat", auth: { header_name: "a", header_value: "b" } }] };
    const v = reg.validate("3.8", "ai-proxy-advanced", { config: cfg });
    expect(v.errors.filter((e) => e.path.join(".") === "config.targets.0.logging")).toEqual([]);
  });
});
