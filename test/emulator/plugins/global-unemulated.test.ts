/**
 * Global plugins run on every request in Kong (rewrite before routing, response and log phases
 * after), and plugins after a short-circuit still run their response and log phases: an unmodelled
 * one must be named on every answer it touches, Kong's own answers included.
 */
import { describe, expect, it } from "vitest";
import { echoRoute, gateway } from "../helpers.js";

const UNEMULATED = "x-docval-unemulated";

describe("unmodelled global plugins on Kong-generated answers", async () => {
  const gw = await gateway({ version: "3.15" });
  await echoRoute(gw, "gu", "/gu");
  await gw.create("/services/gu/routes", { name: "tls-only", paths: ["/tls"], protocols: ["https"] });
  const pre = await gw.create("/plugins", { name: "pre-function", config: { rewrite: ["kong.service.request.set_header('X-Peak', 'active')"] } });

  it("names a global pre-function on the no-route 404", async () => {
    const r = await gw.proxy("/nowhere");
    expect(r.status).toBe(404);
    expect(r.json.message).toBe("no Route matched with those values");
    expect(r.headers[UNEMULATED]).toBe("pre-function");
  });

  it("names it on the 426 of an https-only route and on proxied answers", async () => {
    const r = await gw.proxy("/tls");
    expect(r.status).toBe(426);
    expect(r.headers[UNEMULATED]).toBe("pre-function");
    expect((await gw.proxy("/gu")).headers[UNEMULATED]).toBe("pre-function");
  });

  it("does not name a plugin scoped to a route, a disabled one, or one whose condition is false", async () => {
    await gw.admin("PATCH", `/plugins/${pre.id}`, { condition: 'http.path ^= "/gu"' });
    expect((await gw.proxy("/nowhere")).headers[UNEMULATED]).toBeUndefined();
    expect((await gw.proxy("/gu/x")).headers[UNEMULATED]).toBe("pre-function");
    await gw.admin("PATCH", `/plugins/${pre.id}`, { condition: null, enabled: false });
    expect((await gw.proxy("/nowhere")).headers[UNEMULATED]).toBeUndefined();
    await gw.create("/services/gu/plugins", { name: "post-function", config: { log: ["kong.log('x')"] } });
    expect((await gw.proxy("/nowhere")).headers[UNEMULATED]).toBeUndefined();
  });

  it("leaves the 404 unmarked when every global plugin is modelled", async () => {
    await gw.create("/plugins", { name: "file-log", config: { path: "/dev/null" } });
    const r = await gw.proxy("/nowhere");
    expect(r.status).toBe(404);
    expect(r.headers[UNEMULATED]).toBeUndefined();
  });

  it("names a global exit-transformer on the 404 only with handle_unknown (its documented switch)", async () => {
    const et = await gw.create("/plugins", { name: "exit-transformer", config: { functions: ["return function(s, b, h) return s, b, h end"] } });
    expect((await gw.proxy("/nowhere")).headers[UNEMULATED]).toBeUndefined();
    await gw.admin("PATCH", `/plugins/${et.id}`, { config: { handle_unknown: true } });
    expect((await gw.proxy("/nowhere")).headers[UNEMULATED]).toBe("exit-transformer");
  });
});

describe("plugins after a short-circuit", async () => {
  const gw = await gateway({ version: "3.15" });
  await echoRoute(gw, "sc", "/sc");
  await gw.create("/services/sc/plugins", { name: "key-auth" });
  await gw.create("/services/sc/plugins", { name: "post-function", config: { header_filter: ["kong.response.set_header('X-Late', '1')"] } });

  it("names an unmodelled plugin that would run its response phases on key-auth's 401", async () => {
    const r = await gw.proxy("/sc");
    expect(r.status).toBe(401);
    expect(r.json.message).toBe("No API key found in request");
    expect(r.headers[UNEMULATED]).toBe("post-function");
  });
});
