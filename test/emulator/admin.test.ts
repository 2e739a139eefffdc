/** The Admin API in DB mode over real HTTP: info, CRUD, nested forms, upserts, errors, pagination, tags. */
import { describe, expect, it } from "vitest";
import { gateway, HAS_CORPUS, SCHEMAS_DIR } from "./helpers.js";

describe("Admin API (DB mode)", async () => {
  const gw = await gateway({ version: "3.15" });

  it("GET / reports version, database and the plugins with priorities", async () => {
    const r = await gw.admin("GET", "/");
    expect(r.status).toBe(200);
    expect(r.json.version).toBe("3.15.0.0");
    expect(r.json.configuration.database).toBe("postgres");
    expect(r.json.plugins.available_on_server["key-auth"].priority).toBe(1250);
    expect(r.json.plugins.available_on_server["pre-function"].priority).toBe(1000000);
    expect(r.json.docval.schema_validation).toBe(false);
    expect(r.headers.server).toMatch(/^kong\/3\.15/);
  });

  it("GET /status has database.reachable", async () => {
    const r = await gw.admin("GET", "/status");
    expect(r.json.database).toEqual({ reachable: true });
    expect(r.json.configuration_hash).toBeUndefined();
  });

  it("creates, reads by name and id, patches and deletes a service", async () => {
    const c = await gw.admin("POST", "/services", { name: "svc-a", url: "https://httpbin.konghq.com/anything" });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({ name: "svc-a", protocol: "https", host: "httpbin.konghq.com", port: 443, path: "/anything", retries: 5, connect_timeout: 60000 });
    expect((await gw.admin("GET", "/services/svc-a")).json.id).toBe(c.json.id);
    expect((await gw.admin("GET", `/services/${c.json.id}`)).json.name).toBe("svc-a");
    const p = await gw.admin("PATCH", "/services/svc-a", { retries: 2 });
    expect(p.status).toBe(200);
    expect(p.json).toMatchObject({ retries: 2, host: "httpbin.konghq.com" });
    expect((await gw.admin("DELETE", "/services/svc-a")).status).toBe(204);
    const gone = await gw.admin("GET", "/services/svc-a");
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ message: "Not found" });
  });

  it("accepts form-encoded bodies like the docs' curl --data examples", async () => {
    const r = await gw.admin("POST", "/services", undefined, {});
    expect(r.status).toBe(400);
    const res = await fetch(`${gw.adminUrl}/services`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=form-svc&url=http://httpbin.konghq.com&retries=3",
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: "form-svc", retries: 3, path: null });
    const route = await fetch(`${gw.adminUrl}/services/form-svc/routes`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=form-route&paths[]=/form&strip_path=false",
    });
    expect(route.status).toBe(201);
    expect(await route.json()).toMatchObject({ paths: ["/form"], strip_path: false });
  });

  it("answers 400 code 2 with Kong's fields for a missing required field and an unknown field", async () => {
    const r = await gw.admin("POST", "/services", { name: "no-host", colour: "blue" });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(2);
    expect(r.json.name).toBe("schema violation");
    expect(r.json.fields).toMatchObject({ host: "required field missing", colour: "unknown field" });
    expect(r.json.message).toContain("host: required field missing");
    expect(r.json.message).toContain("colour: unknown field");
    expect(r.json.message).toMatch(/^2 schema violations \(/);
  });

  it("consumers need username or custom_id (@entity), and usernames are unique (409 code 5)", async () => {
    const bad = await gw.admin("POST", "/consumers", {});
    expect(bad.status).toBe(400);
    expect(bad.json.fields["@entity"]).toEqual(["at least one of these fields must be non-empty: 'custom_id', 'username'"]);
    expect((await gw.admin("POST", "/consumers", { username: "alex" })).status).toBe(201);
    const dup = await gw.admin("POST", "/consumers", { username: "alex" });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ code: 5, name: "unique constraint violation", message: `UNIQUE violation detected on '{username="alex"}'` });
  });

  it("PUT upserts by endpoint key and by id", async () => {
    const a = await gw.admin("PUT", "/services/put-svc", { url: "http://httpbin.konghq.com" });
    expect(a.status).toBe(200);
    expect(a.json.name).toBe("put-svc");
    const b = await gw.admin("PUT", "/services/put-svc", { url: "http://httpbin.org" });
    expect(b.json.id).toBe(a.json.id);
    expect(b.json.host).toBe("httpbin.org");
    // Replacing an existing entity keeps the endpoint key the URL names.
    expect(b.json.name).toBe("put-svc");
    expect((await gw.admin("GET", "/services/put-svc")).json.id).toBe(a.json.id);
    const id = "5d4c4b3a-1111-4222-8333-944455556666";
    const c = await gw.admin("PUT", `/consumers/${id}`, { username: "by-id" });
    expect(c.status).toBe(200);
    expect(c.json.id).toBe(id);
  });

  it("nested forms: routes under a service, credentials under a consumer, plugins under a route", async () => {
    await gw.create("/services", { name: "nest", url: "http://httpbin.konghq.com" });
    const route = await gw.admin("POST", "/services/nest/routes", { name: "nest-r", paths: ["/nest"] });
    expect(route.status).toBe(201);
    expect(route.json.service.id).toBeDefined();
    expect((await gw.admin("GET", "/services/nest/routes")).json.data.map((x: { name: string }) => x.name)).toEqual(["nest-r"]);
    expect((await gw.admin("GET", "/routes/nest-r/service")).json.name).toBe("nest");
    await gw.create("/consumers", { username: "kim" });
    const key = await gw.admin("POST", "/consumers/kim/key-auth", {});
    expect(key.status).toBe(201);
    expect(key.json.key).toMatch(/^[0-9a-f]{32}$/);
    expect((await gw.admin("GET", `/consumers/kim/key-auth/${key.json.key}`)).json.id).toBe(key.json.id);
    expect((await gw.admin("GET", "/key-auths")).json.data.some((k: { id: string }) => k.id === key.json.id)).toBe(true);
    const acl = await gw.admin("POST", "/consumers/kim/acls", { group: "gold" });
    expect(acl.status).toBe(201);
    const plugin = await gw.admin("POST", "/routes/nest-r/plugins", { name: "request-termination", config: { status_code: 418 } });
    expect(plugin.status).toBe(201);
    expect(plugin.json.route.id).toBe(route.json.id);
    expect((await gw.admin("GET", "/routes/nest-r/plugins")).json.data).toHaveLength(1);
  });

  it("foreign keys by name must exist, and a service with routes cannot be deleted", async () => {
    const r = await gw.admin("POST", "/routes", { paths: ["/x"], service: { name: "missing" } });
    expect(r.status).toBe(400);
    expect(r.json.name).toBe("foreign key violation");
    await gw.create("/services", { name: "has-routes", url: "http://httpbin.konghq.com" });
    await gw.create("/services/has-routes/routes", { paths: ["/hr"] });
    const del = await gw.admin("DELETE", "/services/has-routes");
    expect(del.status).toBe(400);
    expect(del.json.message).toContain("routes");
  });

  it("deleting a consumer cascades its credentials", async () => {
    await gw.create("/consumers", { username: "cascade" });
    const k = await gw.create("/consumers/cascade/key-auth", { key: "cascade-key" });
    expect((await gw.admin("DELETE", "/consumers/cascade")).status).toBe(204);
    expect((await gw.admin("GET", `/key-auths/${k.id}`)).status).toBe(404);
  });

  it("paginates with size, offset and next", async () => {
    for (let i = 0; i < 5; i++) await gw.create("/upstreams", { name: `page-${i}.up`, tags: ["paging"] });
    const p1 = await gw.admin("GET", "/upstreams?size=2&tags=paging");
    expect(p1.json.data).toHaveLength(2);
    expect(p1.json.next).toMatch(/^\/upstreams\?size=2&tags=paging&offset=/);
    const p2 = await gw.admin("GET", p1.json.next);
    const p3 = await gw.admin("GET", p2.json.next);
    expect(p3.json.data).toHaveLength(1);
    expect(p3.json.next).toBeNull();
    const names = [...p1.json.data, ...p2.json.data, ...p3.json.data].map((u: { name: string }) => u.name);
    expect(new Set(names).size).toBe(5);
    expect((await gw.admin("GET", "/upstreams?size=0")).status).toBe(400);
  });

  it("filters by tags: a,b is AND, a/b is OR, mixing is rejected", async () => {
    await gw.create("/consumers", { username: "t1", tags: ["red", "big"] });
    await gw.create("/consumers", { username: "t2", tags: ["red"] });
    await gw.create("/consumers", { username: "t3", tags: ["blue"] });
    const names = async (q: string) => (await gw.admin("GET", `/consumers?tags=${q}`)).json.data.map((c: { username: string }) => c.username).sort();
    expect(await names("red,big")).toEqual(["t1"]);
    expect(await names("red/blue")).toEqual(["t1", "t2", "t3"]);
    expect((await gw.admin("GET", "/consumers?tags=red,big/blue")).status).toBe(400);
  });

  it("targets default to port 8000 and weight 100 under their upstream", async () => {
    await gw.create("/upstreams", { name: "tgt.up" });
    const t = await gw.admin("POST", "/upstreams/tgt.up/targets", { target: "httpbin.konghq.com" });
    expect(t.status).toBe(201);
    expect(t.json).toMatchObject({ target: "httpbin.konghq.com:8000", weight: 100 });
  });

  it("consumer groups: membership through both nested endpoints", async () => {
    await gw.create("/consumer_groups", { name: "gold" });
    await gw.create("/consumers", { username: "member" });
    const add = await gw.admin("POST", "/consumer_groups/gold/consumers", { consumer: "member" });
    expect(add.status).toBe(201);
    expect((await gw.admin("GET", "/consumer_groups/gold/consumers")).json.data.map((c: { username: string }) => c.username)).toEqual(["member"]);
    expect((await gw.admin("GET", "/consumers/member/consumer_groups")).json.data.map((g: { name: string }) => g.name)).toEqual(["gold"]);
  });

  it("without schemas, plugins it models get built-in defaults and unknown plugins are rejected", async () => {
    const ok = await gw.admin("POST", "/plugins", { name: "rate-limiting", config: { minute: 5 } });
    expect(ok.status).toBe(201);
    expect(ok.json.config).toMatchObject({ minute: 5, limit_by: "consumer", policy: "local", error_code: 429 });
    const bad = await gw.admin("POST", "/plugins", { name: "no-such-plugin" });
    expect(bad.status).toBe(400);
    expect(bad.json.fields.name).toBe("plugin 'no-such-plugin' not enabled; add it to the 'plugins' configuration property");
    const rule = await gw.admin("POST", "/plugins", { name: "acl", config: {} });
    expect(rule.status).toBe(400);
    expect(rule.json.fields["@entity"][0]).toMatch(/at least one of these fields must be non-empty: 'config.allow', 'config.deny'/);
    const dup = await gw.admin("POST", "/plugins", { name: "rate-limiting", config: { minute: 9 } });
    expect(dup.status).toBe(409);
  });
});

describe("route protocols default by version", () => {
  it("is [http, https] before 3.14 and [https] from 3.14", async () => {
    const old = await gateway({ version: "3.13" });
    const cur = await gateway({ version: "3.14" });
    expect((await old.admin("POST", "/routes", { paths: ["/p"] })).json.protocols).toEqual(["http", "https"]);
    expect((await cur.admin("POST", "/routes", { paths: ["/p"] })).json.protocols).toEqual(["https"]);
  });

  it("a route needs at least one matching field for http", async () => {
    const gw = await gateway();
    const r = await gw.admin("POST", "/routes", { protocols: ["http"] });
    expect(r.status).toBe(400);
    expect(r.json.fields["@entity"][0]).toMatch(/must set one of 'methods', 'hosts', 'headers', 'paths'/);
  });
});

describe.skipIf(!HAS_CORPUS)("plugin schema validation from the docs checkout", async () => {
  const gw = await gateway({ version: "3.15", schemasDir: SCHEMAS_DIR });
  const v34 = await gateway({ version: "3.4", schemasDir: SCHEMAS_DIR });

  it("reports schema validation on in GET /", async () => {
    const r = await gw.admin("GET", "/");
    expect(r.json.docval.schema_validation).toBe(true);
    expect(r.json.docval.schema_version).toBe("3.15");
  });

  it("rejects an unknown config key and a wrongly typed value with Kong's fields", async () => {
    const r = await gw.admin("POST", "/plugins", { name: "key-auth", config: { key_name: ["apikey"] } });
    expect(r.status).toBe(400);
    expect(r.json.fields.config.key_name).toBe("unknown field");
    const t = await gw.admin("POST", "/plugins", { name: "rate-limiting", config: { minute: "lots" } });
    expect(t.status).toBe(400);
    expect(t.json.fields.config.minute).toBeDefined();
  });

  it("fills defaults of the emulated version (hide_credentials false in 3.4, true in 3.15)", async () => {
    const a = await gw.admin("POST", "/plugins", { name: "key-auth" });
    const b = await v34.admin("POST", "/plugins", { name: "key-auth" });
    expect(a.json.config.hide_credentials).toBe(true);
    expect(b.json.config.hide_credentials).toBe(false);
  });

  it("rejects a plugin the version does not have", async () => {
    const r = await v34.admin("POST", "/plugins", { name: "ai-proxy-advanced", config: {} });
    expect(r.status).toBe(400);
    expect(r.json.fields.name).toBe("plugin 'ai-proxy-advanced' not enabled; add it to the 'plugins' configuration property");
  });

  it("accepts an unemulated plugin with a valid config", async () => {
    const r = await gw.admin("POST", "/plugins", { name: "pre-function", config: { access: ["kong.log.err('x')"] } });
    expect(r.status).toBe(201);
  });
});
