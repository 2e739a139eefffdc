/** request/response transformers, cors, correlation-id, route-by-header. */
import { describe, expect, it } from "vitest";
import { echoRoute, gateway } from "../helpers.js";

describe("request-transformer", async () => {
  const gw = await gateway();
  await echoRoute(gw, "rt", "/rt");
  await gw.create("/services/rt/plugins", {
    name: "request-transformer",
    config: {
      remove: { headers: ["x-drop"], querystring: ["secret"] },
      rename: { headers: ["x-old:x-new"] },
      replace: { headers: ["x-rep:replaced", "x-absent:never"] },
      add: { headers: ["x-added:$(query_params.who)", "x-keep:added"], querystring: ["q:1"], body: ["extra:yes"] },
      append: { headers: ["x-multi:two"] },
    },
  });

  it("removes, renames, replaces only present, adds only absent, appends; templates from the query", async () => {
    const r = await gw.proxy("/rt?who=me&secret=s", {
      method: "POST",
      body: { a: 1 },
      headers: { "x-drop": "1", "x-old": "o", "x-rep": "r", "x-keep": "client", "x-multi": "one" },
    });
    const h = r.json.headers;
    expect(h["X-Drop"]).toBeUndefined();
    expect(h["X-New"]).toBe("o");
    expect(h["X-Old"]).toBeUndefined();
    expect(h["X-Rep"]).toBe("replaced");
    expect(h["X-Absent"]).toBeUndefined();
    expect(h["X-Added"]).toBe("me");
    expect(h["X-Keep"]).toBe("client");
    expect(h["X-Multi"]).toBe("one,two");
    expect(r.json.args).toEqual({ who: "me", q: "1" });
    expect(r.json.json).toEqual({ a: 1, extra: "yes" });
  });

  it("replace.uri rewrites the upstream path and http_method the method", async () => {
    await echoRoute(gw, "rt2", "/rt2");
    await gw.create("/services/rt2/plugins", { name: "request-transformer", config: { http_method: "PUT", replace: { uri: "/anything/rewritten" } } });
    const r = await gw.proxy("/rt2/x");
    expect(r.json.url).toBe("http://httpbin.konghq.com/anything/rewritten");
    expect(r.json.method).toBe("PUT");
  });
});

describe("response-transformer", async () => {
  const gw = await gateway();
  await echoRoute(gw, "resp", "/resp");
  await gw.create("/services/resp/plugins", {
    name: "response-transformer",
    config: {
      remove: { headers: ["access-control-allow-credentials"], json: ["files"] },
      add: { headers: ["x-added:1"], json: ["flag:true", "n:3"], json_types: ["boolean", "number"] },
      rename: { json: ["origin:client"] },
    },
  });

  it("rewrites headers and top-level JSON fields", async () => {
    const r = await gw.proxy("/resp");
    expect(r.headers["x-added"]).toBe("1");
    expect(r.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(r.json.files).toBeUndefined();
    expect(r.json.flag).toBe(true);
    expect(r.json.n).toBe(3);
    expect(r.json.client).toBe("127.0.0.1");
  });

  it("also applies to a request-termination answer", async () => {
    await echoRoute(gw, "resp2", "/resp2");
    await gw.create("/services/resp2/plugins", { name: "request-termination", config: { status_code: 403, message: "no" } });
    await gw.create("/services/resp2/plugins", { name: "response-transformer", config: { add: { headers: ["x-after:yes"] } } });
    const r = await gw.proxy("/resp2");
    expect(r.status).toBe(403);
    expect(r.headers["x-after"]).toBe("yes");
  });

  it("advanced: if_status limits a transformation to matching statuses", async () => {
    await echoRoute(gw, "adv", "/adv");
    await gw.create("/services/adv/plugins", { name: "response-transformer-advanced", config: { add: { headers: ["x-only-404:1"], if_status: ["404"] }, replace: { body: "{}", if_status: ["500-599"] } } });
    expect((await gw.proxy("/adv")).headers["x-only-404"]).toBeUndefined();
  });
});

describe("cors", async () => {
  const gw = await gateway();
  await echoRoute(gw, "cors", "/cors");
  await gw.create("/services/cors/plugins", { name: "cors", config: { origins: ["http://a.test", "http://b.test"], methods: ["GET", "POST"], headers: ["x-h"], exposed_headers: ["x-e"], max_age: 600, credentials: true } });

  it("answers a preflight itself with 200 and the CORS headers", async () => {
    const r = await gw.proxy("/cors", { method: "OPTIONS", headers: { origin: "http://b.test", "access-control-request-method": "GET" } });
    expect(r.status).toBe(200);
    expect(r.headers["access-control-allow-origin"]).toBe("http://b.test");
    expect(r.headers["access-control-allow-methods"]).toBe("GET,POST");
    expect(r.headers["access-control-allow-headers"]).toBe("x-h");
    expect(r.headers["access-control-max-age"]).toBe("600");
    expect(r.headers["access-control-allow-credentials"]).toBe("true");
    expect(r.headers.vary).toBe("Origin");
    expect(r.headers.via).toBeUndefined();
  });

  it("adds headers to proxied responses and never rejects an unknown origin", async () => {
    const ok = await gw.proxy("/cors", { headers: { origin: "http://a.test" } });
    expect(ok.headers["access-control-allow-origin"]).toBe("http://a.test");
    expect(ok.headers["access-control-expose-headers"]).toBe("x-e");
    const other = await gw.proxy("/cors", { headers: { origin: "http://evil.test" } });
    expect(other.status).toBe(200);
    // httpbin itself answers `Access-Control-Allow-Origin: *`; the plugin leaves that alone for a foreign origin
    expect(other.headers["access-control-allow-origin"]).not.toBe("http://evil.test");
  });

  it("origins unset means *", async () => {
    await echoRoute(gw, "cors2", "/cors2");
    await gw.create("/services/cors2/plugins", { name: "cors" });
    expect((await gw.proxy("/cors2", { headers: { origin: "http://x.test" } })).headers["access-control-allow-origin"]).toBe("*");
  });
});

describe("correlation-id and route-by-header", async () => {
  const gw = await gateway();
  await echoRoute(gw, "cid", "/cid");
  await gw.create("/services/cid/plugins", { name: "correlation-id", config: { header_name: "X-Request-ID", generator: "uuid", echo_downstream: true } });

  it("generates an id, sends it upstream and echoes it; keeps a client id", async () => {
    const r = await gw.proxy("/cid");
    const id = r.json.headers["X-Request-Id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers["x-request-id"]).toBe(id);
    expect((await gw.proxy("/cid", { headers: { "x-request-id": "mine" } })).headers["x-request-id"]).toBe("mine");
  });

  it("route-by-header sends matching requests to the named upstream", async () => {
    await gw.create("/upstreams", { name: "alt.up" });
    await gw.create("/upstreams/alt.up/targets", { target: "httpbin.org:80" });
    await echoRoute(gw, "rbh", "/rbh");
    await gw.create("/services/rbh/plugins", { name: "route-by-header", config: { rules: [{ condition: { "x-alt": "1" }, upstream_name: "alt.up" }] } });
    expect((await gw.proxy("/rbh", { headers: { "x-alt": "1" } })).json.headers.Host).toBe("alt.up");
    expect((await gw.proxy("/rbh")).json.headers.Host).toBe("httpbin.konghq.com");
  });
});
