/** DB-less mode: writes answer 405, configuration goes through POST /config. */
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { gateway, send } from "./helpers.js";

const CONFIG = {
  _format_version: "3.0",
  services: [
    {
      name: "decl-svc",
      url: "http://httpbin.konghq.com/anything",
      routes: [{ name: "decl-route", paths: ["/decl"], protocols: ["http", "https"] }],
      plugins: [{ name: "key-auth" }],
    },
  ],
  consumers: [{ username: "dora", keyauth_credentials: [{ key: "dora-key" }], acls: [{ group: "g1" }] }],
  upstreams: [{ name: "decl.up", targets: [{ target: "httpbin.konghq.com:80" }] }],
};

describe("DB-less", async () => {
  const gw = await gateway({ dbless: true });

  it("GET / says database off and /status carries an all-zero configuration_hash", async () => {
    expect((await gw.admin("GET", "/")).json.configuration.database).toBe("off");
    const s = await gw.admin("GET", "/status");
    expect(s.json.configuration_hash).toBe("00000000000000000000000000000000");
    expect(s.json.database).toBeUndefined();
  });

  it("answers entity writes with 405 code 12", async () => {
    const r = await gw.admin("POST", "/services", { name: "x", url: "http://httpbin.konghq.com" });
    expect(r.status).toBe(405);
    expect(r.json).toMatchObject({ code: 12, name: "operation unsupported", message: "cannot create 'services' entities when not using a database" });
    expect((await gw.admin("DELETE", "/services/x")).json.message).toBe("cannot delete 'services' entities when not using a database");
  });

  it("loads a JSON declarative config, proxies with it, and changes the hash", async () => {
    const r = await gw.admin("POST", "/config", CONFIG);
    expect(r.status).toBe(201);
    expect(Object.values(r.json.routes as Record<string, { name: string }>)[0].name).toBe("decl-route");
    const hash = (await gw.admin("GET", "/status")).json.configuration_hash;
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(hash).not.toBe("00000000000000000000000000000000");
    expect((await gw.proxy("/decl", { headers: { apikey: "dora-key" } })).status).toBe(200);
    expect((await gw.proxy("/decl")).status).toBe(401);
    expect((await gw.admin("GET", "/consumers/dora")).json.username).toBe("dora");
  });

  it("check_hash=1 answers 304 for an unchanged config", async () => {
    await gw.admin("POST", "/config", CONFIG);
    const r = await gw.admin("POST", "/config?check_hash=1", CONFIG);
    expect(r.status).toBe(304);
  });

  it("takes YAML and the {config: text} form", async () => {
    const yaml = stringify({ ...CONFIG, consumers: [{ username: "yaml-user" }] });
    const r = await send(`${gw.adminUrl}/config`, { method: "POST", raw: yaml, headers: { "content-type": "text/yaml" } });
    expect(r.status).toBe(201);
    expect((await gw.admin("GET", "/consumers/yaml-user")).status).toBe(200);
    const w = await gw.admin("POST", "/config", { config: JSON.stringify({ ...CONFIG, consumers: [{ username: "wrapped" }] }) });
    expect(w.status).toBe(201);
    expect((await gw.admin("GET", "/consumers/wrapped")).status).toBe(200);
    expect((await gw.admin("GET", "/consumers/yaml-user")).status).toBe(404);
  });

  it("rejects an invalid config with code 14, keeps the old one, and flattens errors on request", async () => {
    await gw.admin("POST", "/config", CONFIG);
    const before = (await gw.admin("GET", "/status")).json.configuration_hash;
    const bad = { _format_version: "3.0", services: [{ name: "nohost" }], consumers: [{ username: "a" }, { username: "a" }] };
    const r = await gw.admin("POST", "/config?flatten_errors=1", bad);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 14, name: "invalid declarative configuration" });
    expect(r.json.message).toMatch(/^declarative config is invalid: /);
    const flat = r.json.flattened_errors as { entity_type: string; errors: { field?: string; message: string }[] }[];
    expect(flat.find((e) => e.entity_type === "service")?.errors).toContainEqual({ type: "field", field: "host", message: "required field missing" });
    expect(flat.some((e) => e.entity_type === "consumer" && e.errors[0].message.includes("uniqueness violation"))).toBe(true);
    expect((await gw.admin("GET", "/status")).json.configuration_hash).toBe(before);
    const plain = await gw.admin("POST", "/config", bad);
    expect(plain.json.flattened_errors).toBeUndefined();
  });

  it("needs a _format_version and rejects an empty body", async () => {
    expect((await gw.admin("POST", "/config", { services: [] })).json.fields._format_version).toBe("required field missing");
    const empty = await send(`${gw.adminUrl}/config`, { method: "POST", raw: "", headers: { "content-type": "application/json" } });
    expect(empty.status).toBe(400);
    expect(empty.json.message).toBe("expected a declarative configuration");
  });
});

describe("POST /config in DB mode", () => {
  it("is refused", async () => {
    const gw = await gateway();
    const r = await gw.admin("POST", "/config", CONFIG);
    expect(r.status).toBe(400);
    expect(r.json.message).toBe("this endpoint is only available when Kong is configured to not use a database");
  });
});
