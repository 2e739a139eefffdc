/**
 * Generic plugin fields (`condition`, `ordering`, `partials`, `instance_name`) by version, and
 * conditional plugin execution over real HTTP.
 */
import { describe, expect, it } from "vitest";
import { evaluateCondition, parseCondition, type ConditionInput } from "../../../src/emulator/expressions.js";
import { echoRoute, gateway } from "../helpers.js";

const UNEMULATED = "x-docval-unemulated";

describe("plugin condition (3.15)", async () => {
  const gw = await gateway({ version: "3.15" });
  const { route } = await echoRoute(gw, "cond", "/cond");

  it("stores the condition and runs the plugin only when it holds", async () => {
    const p = await gw.create(`/routes/${route.id}/plugins`, {
      name: "request-termination",
      config: { status_code: 403, message: "Forbidden by condition" },
      condition: 'http.headers.x_block == "true"',
    });
    expect(p.condition).toBe('http.headers.x_block == "true"');
    expect((await gw.admin("GET", `/plugins/${p.id}`)).json.condition).toBe('http.headers.x_block == "true"');

    const blocked = await gw.proxy("/cond", { headers: { "X-Block": "true" } });
    expect(blocked.status).toBe(403);
    expect(blocked.json).toEqual({ message: "Forbidden by condition" });
    expect(blocked.headers[UNEMULATED]).toBeUndefined();

    const passed = await gw.proxy("/cond");
    expect(passed.status).toBe(200);
    expect(passed.headers[UNEMULATED]).toBeUndefined();
    expect((await gw.proxy("/cond", { headers: { "x-block": "false" } })).status).toBe(200);
    await gw.admin("DELETE", `/plugins/${p.id}`);
  });

  it("evaluates methods, paths, queries, the protocol, prefixes, suffixes, regexes, lists and negation", async () => {
    const { route: r } = await echoRoute(gw, "cond2", "/c2");
    const cases: [string, { path: string; method?: string; headers?: Record<string, string> }, number][] = [
      ['http.method == "POST"', { path: "/c2", method: "POST" }, 418],
      ['http.method == "POST"', { path: "/c2" }, 200],
      ['http.path ^= "/c2/admin"', { path: "/c2/admin/x" }, 418],
      ['http.path =^ ".json"', { path: "/c2/a.json" }, 418],
      ['http.path ~ "^/c2/[0-9]+$"', { path: "/c2/123" }, 418],
      ['http.path ~ "^/c2/[0-9]+$"', { path: "/c2/abc" }, 200],
      ['http.queries.debug == "1" && net.protocol == "http"', { path: "/c2?debug=1" }, 418],
      ['http.queries.debug == "1" && net.protocol == "https"', { path: "/c2?debug=1" }, 200],
      ['http.headers.user_agent contains "curl"', { path: "/c2", headers: { "user-agent": "curl/8" } }, 418],
      ['http.method in ["PUT", "DELETE"]', { path: "/c2", method: "DELETE" }, 418],
      ['http.method not in ["PUT", "DELETE"]', { path: "/c2", method: "DELETE" }, 200],
      ['!(http.method == "GET") || http.headers.x_force == "1"', { path: "/c2", headers: { "x-force": "1" } }, 418],
      ['!(http.method == "GET") || http.headers.x_force == "1"', { path: "/c2" }, 200],
      ['http.path.startsWith("/c2/v")', { path: "/c2/v1" }, 418],
      ['http.host == "example.com"', { path: "/c2", headers: { host: "example.com" } }, 418],
    ];
    for (const [condition, req, status] of cases) {
      const p = await gw.create(`/routes/${r.id}/plugins`, { name: "request-termination", config: { status_code: 418 }, condition });
      const res = await gw.proxy(req.path, { method: req.method, headers: req.headers });
      expect([condition, req.path, res.status]).toEqual([condition, req.path, status]);
      expect(res.headers[UNEMULATED]).toBeUndefined();
      await gw.admin("DELETE", `/plugins/${p.id}`);
    }
  });

  it("rejects a condition that does not parse with 400 and says where", async () => {
    for (const bad of ['http.method == "GET', "http.method ==", "(http.method == \"GET\"", "http.method", 'http.headers.x-block == "1"', ""]) {
      const r = await gw.admin("POST", `/routes/${route.id}/plugins`, { name: "request-termination", condition: bad });
      expect(r.status, bad).toBe(400);
      expect(r.json.code).toBe(2);
      expect(r.json.fields.condition, bad).toMatch(/invalid expression: .+ at position \d+/);
    }
    const long = await gw.admin("POST", "/plugins", { name: "cors", condition: `http.method == "${"a".repeat(1100)}"` });
    expect(long.json.fields.condition).toBe("length must be at most 1024");
  });

  it("names the plugin when the condition uses something not modelled, instead of guessing", async () => {
    const p = await gw.create(`/routes/${route.id}/plugins`, {
      name: "request-termination",
      config: { status_code: 409 },
      condition: 'consumer.username == "alice"',
    });
    const r = await gw.proxy("/cond");
    expect(r.headers[UNEMULATED]).toBe("request-termination (condition)");
    // A decided part still decides: false && <unknown> is false, and no plugin runs.
    await gw.admin("PATCH", `/plugins/${p.id}`, { condition: 'http.method == "DELETE" && consumer.username == "alice"' });
    const skipped = await gw.proxy("/cond");
    expect(skipped.status).toBe(200);
    expect(skipped.headers[UNEMULATED]).toBeUndefined();
    await gw.admin("DELETE", `/plugins/${p.id}`);
  });

  it("names a plugin with dynamic ordering, which is not modelled", async () => {
    const p = await gw.create(`/routes/${route.id}/plugins`, { name: "cors", ordering: { before: { access: ["key-auth"] } } });
    expect((await gw.proxy("/cond")).headers[UNEMULATED]).toBe("cors (ordering)");
    const bad = await gw.admin("POST", "/plugins", { name: "correlation-id", ordering: { first: true } });
    expect(bad.status).toBe(400);
    expect(bad.json.fields.ordering).toBeDefined();
    await gw.admin("DELETE", `/plugins/${p.id}`);
  });

  it("accepts instance_name, tags, enabled, protocols and partials that exist", async () => {
    const part = await gw.create("/partials", { name: "redis-1", type: "redis-ee", config: {} });
    const p = await gw.create("/plugins", {
      name: "rate-limiting",
      instance_name: "rl-one",
      tags: ["t1"],
      enabled: true,
      protocols: ["http", "https"],
      config: { minute: 100 },
      partials: [{ name: "redis-1", path: "config.redis" }],
    });
    expect(p.partials).toEqual([{ name: "redis-1", path: "config.redis", id: part.id }]);
    expect(p.instance_name).toBe("rl-one");
    const missing = await gw.admin("POST", "/plugins", { name: "cors", partials: [{ name: "nope" }] });
    expect(missing.status).toBe(400);
    expect(missing.json.fields.partials).toBe("partial 'nope' does not exist");
    await gw.admin("DELETE", `/plugins/${p.id}`);
  });
});

describe("plugin fields the version does not have", async () => {
  const v313 = await gateway({ version: "3.13" });
  const v314 = await gateway({ version: "3.14" });
  const v39 = await gateway({ version: "3.9" });

  it("rejects condition before 3.14 (added in 3.14) and partials before 3.10", async () => {
    const r = await v313.admin("POST", "/plugins", { name: "cors", condition: 'http.method == "GET"' });
    expect(r.status).toBe(400);
    expect(r.json.fields).toEqual({ condition: "unknown field" });
    expect((await v313.create("/plugins", { name: "cors" })).condition).toBeUndefined();
    expect((await v314.create("/plugins", { name: "cors", condition: 'http.method == "GET"' })).condition).toBe('http.method == "GET"');
    const p = await v39.admin("POST", "/plugins", { name: "cors", partials: [] });
    expect(p.json.fields).toEqual({ partials: "unknown field" });
  });
});

describe("condition evaluator", () => {
  const input = (o: Partial<ConditionInput> = {}): ConditionInput => ({
    method: "GET", path: "/a/b", host: "h", scheme: "http", headers: {}, query: new URLSearchParams(), clientIp: "10.1.2.3", ...o,
  });
  const ev = (text: string, o?: Partial<ConditionInput>) => {
    const p = parseCondition(text);
    if (!p.ok) throw new Error(p.message);
    return evaluateCondition(p.ast, input(o));
  };

  it("treats an absent header as satisfying no predicate, not even !=", () => {
    expect(ev('http.headers.x != "1"')).toBe(false);
    expect(ev('http.headers.x != "1"', { headers: { x: "2" } })).toBe(true);
  });

  it("matches any value of a repeated header or query", () => {
    expect(ev('http.headers.x_a == "2"', { headers: { "x-a": ["1", "2"] } })).toBe(true);
    expect(ev('http.queries.q == "b"', { query: new URLSearchParams("q=a&q=b") })).toBe(true);
  });

  it("reads raw strings, escapes, CIDRs and hex integers", () => {
    expect(ev('http.path ~ r#"^/a/\\w$"#')).toBe(true);
    expect(ev('http.path == "/a/b" && net.src.ip in 10.0.0.0/8')).toBe(true);
    expect(ev("net.src.ip not in 10.0.0.0/8")).toBe(false);
    expect(ev('http.headers.n == "a\\"b"', { headers: { n: 'a"b' } })).toBe(true);
    expect(ev("http.path == 0x1f")).toEqual({ unknown: "'http.path' (a string) compared with a int" });
  });

  it("keeps unknown unless the other side decides", () => {
    expect(ev('route.name == "x"')).toEqual({ unknown: "field 'route.name'" });
    expect(ev('route.name == "x" || http.method == "GET"')).toBe(true);
    expect(ev('route.name == "x" && http.method == "GET"')).toEqual({ unknown: "field 'route.name'" });
    expect(ev('!(route.name == "x")')).toEqual({ unknown: "field 'route.name'" });
    expect(ev("size(http.path) > 1")).toEqual({ unknown: "function 'size'" });
  });
});
