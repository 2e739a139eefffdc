/** The proxy over real HTTP: route matching, priorities, path handling, upstream outcomes, Kong headers. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { upstreamPath } from "../../src/emulator/proxy/router.js";
import { startGateway } from "../../src/emulator/server.js";
import { echoRoute, gateway, send } from "./helpers.js";

/** The path-handling table of Kong's route docs (service.path /s), v0 rows. */
const V0_TABLE: [route: string, request: string, strip: boolean, upstream: string][] = [
  ["/fv0", "/fv0req", false, "/s/fv0req"],
  ["/fv0", "/fv0", false, "/s/fv0"],
  ["/tv0", "/tv0req", true, "/s/req"],
  ["/tv0", "/tv0", true, "/s"],
  ["/fv0/", "/fv0/req", false, "/s/fv0/req"],
  ["/fv0/", "/fv0/", false, "/s/fv0/"],
  ["/tv0/", "/tv0/req", true, "/s/req"],
  ["/tv0/", "/tv0/", true, "/s/"],
];

describe("path_handling v0 (Kong's table)", async () => {
  const gw = await gateway();
  // A loopback upstream that answers with the path it received.
  const echo = createServer((req, res) => res.end(req.url));
  await new Promise<void>((r) => echo.listen(0, "127.0.0.1", () => r()));
  afterAll(() => new Promise((r) => echo.close(r)));
  await gw.create("/services", { name: "table", url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/s` });
  for (const [i, [path, , strip]] of V0_TABLE.entries()) {
    await gw.create("/services/table/routes", { paths: [path], strip_path: strip, protocols: ["http"], name: `table-${i}` });
  }

  it.each(V0_TABLE)("route %s, request %s, strip_path %s → %s", async (_route, request, _strip, upstream) => {
    const r = await gw.proxy(request);
    expect(r.status).toBe(200);
    expect(r.text).toBe(upstream);
  });

  it.each(V0_TABLE)("upstreamPath(%s, %s, strip %s) = %s", (route, request, strip, upstream) => {
    expect(upstreamPath("/s", request, route, strip, "v0")).toBe(upstream);
  });

  it("forwards the computed path upstream", async () => {
    await gw.create("/services", { name: "anything-base", url: "http://httpbin.konghq.com/anything" });
    await gw.create("/services/anything-base/routes", { paths: ["/strip"], protocols: ["http"] });
    await gw.create("/services/anything-base/routes", { paths: ["/keep"], strip_path: false, protocols: ["http"] });
    expect((await gw.proxy("/strip/a/b?x=1")).json.url).toBe("http://httpbin.konghq.com/anything/a/b?x=1");
    expect((await gw.proxy("/keep/a")).json.url).toBe("http://httpbin.konghq.com/anything/keep/a");
    expect((await gw.proxy("/strip")).json.url).toBe("http://httpbin.konghq.com/anything");
  });
});

describe("router", async () => {
  const gw = await gateway();
  await gw.create("/services", { name: "echo", url: "http://httpbin.konghq.com/anything" });
  const route = (body: Record<string, unknown>) => gw.create("/services/echo/routes", { protocols: ["http", "https"], strip_path: false, ...body });
  await route({ name: "prefix-short", paths: ["/api"] });
  await route({ name: "prefix-long", paths: ["/api/v2"] });
  await route({ name: "regex-low", paths: ["~/api/v2/items/(?<id>\\d+)$"], regex_priority: 1 });
  await route({ name: "regex-high", paths: ["~/api/v2/items/1\\d*$"], regex_priority: 5 });
  await route({ name: "host-exact", hosts: ["shop.example.com"], paths: ["/h"] });
  await route({ name: "host-wild", hosts: ["*.example.com"], paths: ["/h"] });
  await route({ name: "get-only", methods: ["GET"], paths: ["/m"] });
  await route({ name: "hdr", headers: { "x-version": ["v2", "v3"] }, paths: ["/m"] });
  await gw.create("/routes", { name: "serviceless", paths: ["/nowhere"], protocols: ["http"] });
  await gw.create("/services/echo/routes", { name: "tls-only", paths: ["/secure"], protocols: ["https"] });

  it("404 with Kong's message and headers when nothing matches", async () => {
    const r = await gw.proxy("/nothing-here");
    expect(r.status).toBe(404);
    expect(r.json.message).toBe("no Route matched with those values");
    expect(r.json.request_id).toBe(r.headers["x-kong-request-id"]);
    expect(r.headers.server).toMatch(/^kong\//);
    expect(r.headers["x-kong-response-latency"]).toBeDefined();
  });

  it("prefers the longest prefix, then regex by regex_priority, and exposes captures", async () => {
    await gw.create("/plugins", { name: "request-transformer", config: { add: { headers: ["x-matched:$(uri_captures.id)"] } }, route: { name: "regex-low" } });
    const low = await gw.proxy("/api/v2/items/42");
    expect(low.json.headers["X-Matched"]).toBe("42");
    const high = await gw.proxy("/api/v2/items/17");
    expect(high.json.headers["X-Matched"]).toBeUndefined();
    expect((await gw.proxy("/api/v2/other")).status).toBe(200);
  });

  it("exact hosts beat wildcard hosts; wildcards match subdomains only", async () => {
    await gw.create("/plugins", { name: "request-termination", config: { status_code: 418 }, route: { name: "host-exact" } });
    expect((await gw.proxy("/h", { headers: { host: "shop.example.com" } })).status).toBe(418);
    expect((await gw.proxy("/h", { headers: { host: "blog.example.com" } })).status).toBe(200);
    expect((await gw.proxy("/h", { headers: { host: "example.org" } })).status).toBe(404);
  });

  it("methods and headers restrict a route; more criteria win", async () => {
    await gw.create("/plugins", { name: "request-termination", config: { status_code: 409 }, route: { name: "hdr" } });
    expect((await gw.proxy("/m")).status).toBe(200);
    expect((await gw.proxy("/m", { method: "POST" })).status).toBe(404);
    expect((await gw.proxy("/m", { headers: { "x-version": "v3" } })).status).toBe(409);
    expect((await gw.proxy("/m", { method: "POST", headers: { "x-version": "V2" } })).status).toBe(409);
  });

  it("a route without a service answers 503", async () => {
    const r = await gw.proxy("/nowhere");
    expect(r.status).toBe(503);
    expect(r.json.message).toBe("no Service found with those values");
  });

  it("an https-only route answers 426 over http and proxies over https", async () => {
    const r = await gw.proxy("/secure");
    expect(r.status).toBe(426);
    expect(r.json.message).toBe("Please use HTTPS protocol");
    const s = await send(`${gw.proxyHttpsUrl}/secure`);
    expect(s.status).toBe(200);
    expect(s.json.headers["X-Forwarded-Proto"]).toBe("https");
  });

  it("normalises the request path before matching", async () => {
    expect((await gw.proxy("/x/../api/%76%32/ok")).json.url).toBe("http://httpbin.konghq.com/anything/api/v2/ok");
  });

  it("preserve_host sends the client's Host upstream", async () => {
    await gw.create("/services/echo/routes", { paths: ["/keep-host"], preserve_host: true, protocols: ["http"] });
    const r = await gw.proxy("/keep-host", { headers: { host: "client.test" } });
    expect(r.json.headers.Host).toBe("client.test");
    expect((await gw.proxy("/api")).json.headers.Host).toBe("httpbin.konghq.com");
  });
});

describe("upstreams and failures", async () => {
  const gw = await gateway();
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));
  const local = async (handler: (res: import("node:http").ServerResponse) => void) => {
    const s = createServer((_req, res) => handler(res));
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    return (s.address() as AddressInfo).port;
  };

  it("an unknown upstream host is a 502 naming the host, with nothing sent", async () => {
    await gw.create("/services", { name: "unknown", url: "http://api.unknown-host.test/v1" });
    await gw.create("/services/unknown/routes", { paths: ["/unknown"], protocols: ["http"] });
    const r = await gw.proxy("/unknown");
    expect(r.status).toBe(502);
    expect(r.json.message).toContain("api.unknown-host.test");
    expect(r.headers["x-docval-unknown-upstream"]).toBe("api.unknown-host.test");
  });

  it("a refused loopback connection is 502, a slow one 504", async () => {
    const dead = await local(() => undefined);
    await new Promise<void>((r) => servers.pop()?.close(() => r()));
    await gw.create("/services", { name: "dead", url: `http://127.0.0.1:${dead}` });
    await gw.create("/services/dead/routes", { paths: ["/dead"], protocols: ["http"] });
    const r = await gw.proxy("/dead");
    expect(r.status).toBe(502);
    expect(r.json.message).toBe("An invalid response was received from the upstream server");

    const slow = await local((res) => setTimeout(() => res.end("late"), 2000));
    await gw.create("/services", { name: "slow", url: `http://127.0.0.1:${slow}`, read_timeout: 100 });
    await gw.create("/services/slow/routes", { paths: ["/slow"], protocols: ["http"] });
    const t = await gw.proxy("/slow");
    expect(t.status).toBe(504);
    expect(t.json.message).toBe("The upstream server is timing out");
  });

  it("proxies to a live loopback service and adds Via and latency headers", async () => {
    const port = await local((res) => {
      res.setHeader("x-up", "yes");
      res.end("hello");
    });
    await gw.create("/services", { name: "live", url: `http://localhost:${port}` });
    await gw.create("/services/live/routes", { paths: ["/live"], protocols: ["http"] });
    const r = await gw.proxy("/live");
    expect(r.status).toBe(200);
    expect(r.text).toBe("hello");
    expect(r.headers["x-up"]).toBe("yes");
    expect(r.headers.via).toMatch(/^1\.1 kong\/3\.15/);
    expect(r.headers["x-kong-upstream-latency"]).toBeDefined();
    expect(r.headers["x-kong-proxy-latency"]).toBeDefined();
  });

  it("balances across targets by weight and answers 503 without healthy targets", async () => {
    const a = await local((res) => res.end("a"));
    const b = await local((res) => res.end("b"));
    await gw.create("/upstreams", { name: "lb.internal" });
    await gw.create("/upstreams/lb.internal/targets", { target: `127.0.0.1:${a}`, weight: 300 });
    await gw.create("/upstreams/lb.internal/targets", { target: `127.0.0.1:${b}`, weight: 100 });
    await gw.create("/services", { name: "lb", host: "lb.internal" });
    await gw.create("/services/lb/routes", { paths: ["/lb"], protocols: ["http"] });
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) seen.push((await gw.proxy("/lb")).text);
    expect(seen.filter((s) => s === "a")).toHaveLength(6);
    expect(seen.filter((s) => s === "b")).toHaveLength(2);
    await gw.create("/upstreams", { name: "empty.internal" });
    await gw.create("/services", { name: "empty", host: "empty.internal" });
    await gw.create("/services/empty/routes", { paths: ["/empty"], protocols: ["http"] });
    const r = await gw.proxy("/empty");
    expect(r.status).toBe(503);
    expect(r.json.message).toBe("failure to get a peer from the ring-balancer");
  });
});

describe("httpbin echo", async () => {
  const gw = await gateway();
  await gw.create("/services", { name: "bin", url: "http://httpbin.konghq.com" });
  await gw.create("/services/bin/routes", { paths: ["/bin"], protocols: ["http"] });
  await echoRoute(gw, "org", "/org");

  it("echoes method, args, headers, form and json", async () => {
    const r = await gw.proxy("/bin/anything/x?a=1&a=2", { method: "POST", body: { hello: "world" } });
    expect(r.json).toMatchObject({ method: "POST", args: { a: ["1", "2"] }, json: { hello: "world" }, url: "http://httpbin.konghq.com/anything/x?a=1&a=2" });
    const f = await gw.proxy("/bin/post", { method: "POST", raw: "k=v", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(f.json.form).toEqual({ k: "v" });
    expect((await gw.proxy("/bin/get", { method: "POST" })).status).toBe(405);
  });

  it("answers /status/{code}, /headers, /json, /uuid, /response-headers, /basic-auth, /bearer, /base64", async () => {
    expect((await gw.proxy("/bin/status/418")).status).toBe(418);
    expect((await gw.proxy("/bin/headers", { headers: { "x-a": "1" } })).json.headers["X-A"]).toBe("1");
    expect((await gw.proxy("/bin/json")).json.slideshow.title).toBe("Sample Slide Show");
    expect((await gw.proxy("/bin/uuid")).json.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await gw.proxy("/bin/response-headers?x-test=1")).headers["x-test"]).toBe("1");
    const auth = Buffer.from("u:p").toString("base64");
    expect((await gw.proxy("/bin/basic-auth/u/p", { headers: { authorization: `Basic ${auth}` } })).json).toEqual({ authenticated: true, user: "u" });
    expect((await gw.proxy("/bin/basic-auth/u/p")).status).toBe(401);
    expect((await gw.proxy("/bin/bearer", { headers: { authorization: "Bearer t" } })).json.token).toBe("t");
    expect((await gw.proxy("/bin/base64/aGVsbG8")).text).toBe("hello");
    expect((await gw.proxy("/bin/delay/0")).status).toBe(200);
    expect((await gw.proxy("/bin/cookies", { headers: { cookie: "a=b" } })).json.cookies).toEqual({ a: "b" });
  });

  it("the service path prefixes what the route leaves", async () => {
    expect((await gw.proxy("/org/sub")).json.url).toBe("http://httpbin.konghq.com/anything/sub");
  });
});

describe("the hosts option", () => {
  it("refuses to start when it names an upstream the embedded gateway does not have, naming it", async () => {
    await expect(startGateway({ hosts: { "api.example.test": "no-such-upstream", "ok.example.test": "httpbin" } })).rejects.toThrow(/api\.example\.test → no-such-upstream/);
  });

  it("starts with known upstream names", async () => {
    const gw = await startGateway({ hosts: { "ok.example.test": "httpbin" } });
    await gw.stop();
  });
});
