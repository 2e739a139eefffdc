/** `/cloned-plugins` (Kong 3.15): CRUD, validation, and a clone running as its ref under its own name and priority. */
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { echoRoute, gateway, HAS_CORPUS, SCHEMAS_DIR } from "./helpers.js";

describe("cloned plugins in DB mode", async () => {
  const gw = await gateway({ version: "3.15" });

  it("creates, lists, reads, upserts by name, patches and deletes", async () => {
    const c = await gw.create("/cloned-plugins", { name: "acme-rt", ref: "request-transformer", priority: 802, tags: ["t"] });
    expect(c).toMatchObject({ name: "acme-rt", ref: "request-transformer", priority: 802, tags: ["t"] });
    expect(typeof c.id).toBe("string");
    expect((await gw.admin("GET", "/cloned-plugins")).json.data.map((x: { name: string }) => x.name)).toEqual(["acme-rt"]);
    expect((await gw.admin("GET", "/cloned-plugins/acme-rt")).json.id).toBe(c.id);
    const put = await gw.admin("PUT", "/cloned-plugins/acme-rt", { ref: "request-transformer", priority: 5 });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ id: c.id, priority: 5 });
    const created = await gw.admin("PUT", "/cloned-plugins/acme-ka", { ref: "key-auth" });
    expect(created.status).toBe(200);
    expect(created.json.priority).toBeNull();
    expect((await gw.admin("PATCH", "/cloned-plugins/acme-ka", { priority: 1300 })).json.priority).toBe(1300);
    expect((await gw.admin("DELETE", "/cloned-plugins/acme-ka")).status).toBe(204);
    expect((await gw.admin("GET", "/cloned-plugins/acme-ka")).status).toBe(404);
  });

  it("rejects an unknown or uncloneable ref, a bundled plugin's name, a duplicate and a missing field", async () => {
    const unknown = await gw.admin("POST", "/cloned-plugins", { name: "x1", ref: "no-such-plugin" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.fields.ref).toBe("plugin 'no-such-plugin' not enabled; add it to the 'plugins' configuration property");
    const uncloneable = await gw.admin("POST", "/cloned-plugins", { name: "x2", ref: "rate-limiting" });
    expect(uncloneable.json.fields.ref).toBe("plugin 'rate-limiting' cannot be cloned");
    const taken = await gw.admin("POST", "/cloned-plugins", { name: "cors", ref: "acl" });
    expect(taken.json.fields.name).toBe("a plugin named 'cors' already exists");
    const dup = await gw.admin("POST", "/cloned-plugins", { name: "acme-rt", ref: "acl" });
    expect(dup.status).toBe(409);
    const missing = await gw.admin("POST", "/cloned-plugins", { name: "x3" });
    expect(missing.json.fields).toEqual({ ref: "required field missing" });
    const badPriority = await gw.admin("POST", "/cloned-plugins", { name: "x4", ref: "acl", priority: 1.5 });
    expect(badPriority.json.fields.priority).toMatch(/integer/);
  });

  it("lists the clone in GET / with its own priority and the ref's fidelity", async () => {
    const info = (await gw.admin("GET", "/")).json;
    expect(info.plugins.available_on_server["acme-rt"]).toMatchObject({ priority: 5 });
    expect(info.plugins.available_on_server["request-transformer"]).toMatchObject({ priority: 801 });
    expect(info.docval.plugin_fidelity["acme-rt"]).toBe("full");
  });

  it("runs a clone as its ref, independently of the ref's own instance, in the clone's priority order", async () => {
    const { route } = await echoRoute(gw, "cl", "/cl");
    await echoRoute(gw, "cl2", "/global");
    await gw.admin("PUT", "/cloned-plugins/acme-rt", { ref: "request-transformer", priority: 802 });
    await gw.create("/plugins", { name: "acme-rt", config: { add: { headers: ["X-Global-Header:isSetGlobally", "X-Order:clone"] } } });
    await gw.create(`/routes/${route.id}/plugins`, { name: "request-transformer", config: { add: { headers: ["X-Route-Header:isSetOnRoute", "X-Order:ref"] } } });

    const both = (await gw.proxy("/cl")).json.headers;
    expect(both["X-Global-Header"]).toBe("isSetGlobally");
    expect(both["X-Route-Header"]).toBe("isSetOnRoute");
    // 802 runs before 801; `add` never overwrites, so the first writer wins.
    expect(both["X-Order"]).toBe("clone");
    const global = await gw.proxy("/global");
    expect(global.json.headers["X-Global-Header"]).toBe("isSetGlobally");
    expect(global.json.headers["X-Route-Header"]).toBeUndefined();

    await gw.admin("PATCH", "/cloned-plugins/acme-rt", { priority: 700 });
    expect((await gw.proxy("/cl")).json.headers["X-Order"]).toBe("ref");
  });

  it("refuses to delete a clone that plugins still use, and names an unmodelled ref's clone by the clone's name", async () => {
    const r = await gw.admin("DELETE", "/cloned-plugins/acme-rt");
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/in use by 1 plugin/);
    await gw.create("/cloned-plugins", { name: "acme-pre", ref: "pre-function" });
    await gw.create("/services/cl/plugins", { name: "acme-pre", config: { access: ["kong.response.exit(418)"] } });
    const res = await gw.proxy("/cl");
    expect(res.status).toBe(200);
    expect(res.headers["x-docval-unemulated"]).toBe("acme-pre");
  });

  it("does not exist before 3.15", async () => {
    const v314 = await gateway({ version: "3.14" });
    expect((await v314.admin("GET", "/cloned-plugins")).status).toBe(404);
    expect((await v314.admin("POST", "/cloned-plugins", { name: "a", ref: "acl" })).status).toBe(404);
    expect((await v314.admin("POST", "/plugins", { name: "acme-rt" })).json.fields.name).toMatch(/not enabled/);
  });
});

describe.skipIf(!HAS_CORPUS)("cloned plugins validate config with the ref's schema", async () => {
  const gw = await gateway({ version: "3.15", schemasDir: SCHEMAS_DIR });
  await gw.create("/cloned-plugins", { name: "acme-ka", ref: "key-auth", priority: 1251 });

  it("fills the ref's defaults and rejects keys the ref's schema lacks", async () => {
    const p = await gw.create("/plugins", { name: "acme-ka", config: { key_names: ["x-key"] } });
    expect(p.config).toMatchObject({ key_names: ["x-key"], key_in_header: true, hide_credentials: true });
    const bad = await gw.admin("POST", "/plugins", { name: "acme-ka", instance_name: "other", config: { minute: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.json.fields.config).toEqual({ minute: "unknown field" });
    expect(Object.keys((await gw.admin("GET", "/")).json.plugins.available_on_server)).toContain("acme-ka");
  });
});

describe("cloned plugins in DB-less mode", async () => {
  const gw = await gateway({ version: "3.15", dbless: true });

  it("loads cloned_plugins from the declarative config and proxies through the clone", async () => {
    const config = {
      _format_version: "3.0",
      cloned_plugins: [{ name: "acme-rt", ref: "request-transformer", priority: 802 }],
      services: [{ name: "s", url: "http://httpbin.konghq.com/anything", routes: [{ name: "r", paths: ["/d"], protocols: ["http", "https"] }] }],
      plugins: [{ name: "acme-rt", config: { add: { headers: ["X-Clone:yes"] } } }],
    };
    const r = await gw.admin("POST", "/config", { config: stringify(config) });
    expect(r.status).toBe(201);
    expect((await gw.proxy("/d")).json.headers["X-Clone"]).toBe("yes");
    expect((await gw.admin("GET", "/cloned-plugins/acme-rt")).json.ref).toBe("request-transformer");
    expect((await gw.admin("POST", "/cloned-plugins", { name: "z", ref: "acl" })).status).toBe(405);
  });

  it("rejects a plugin whose clone is not declared, and cloned_plugins before 3.15", async () => {
    const r = await gw.admin("POST", "/config", { _format_version: "3.0", plugins: [{ name: "acme-rt" }] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain("plugin 'acme-rt' not enabled");
    const v314 = await gateway({ version: "3.14", dbless: true });
    const old = await v314.admin("POST", "/config", { _format_version: "3.0", cloned_plugins: [{ name: "a", ref: "acl" }] });
    expect(old.status).toBe(400);
    expect(old.json.fields.cloned_plugins).toBe("unknown field");
  });
});
