/** Plugin selection and order: scope precedence, priority order, unemulated plugins, passive loggers. */
import { describe, expect, it } from "vitest";
import { echoRoute, gateway } from "../helpers.js";

describe("plugin pipeline", async () => {
  const gw = await gateway();
  const { route } = await echoRoute(gw, "pp", "/pp");
  await gw.create("/consumers", { username: "vip" });
  await gw.create("/consumers/vip/key-auth", { key: "vip-key" });
  await gw.create("/consumers", { username: "plain" });
  await gw.create("/consumers/plain/key-auth", { key: "plain-key" });
  await gw.create("/services/pp/plugins", { name: "key-auth" });

  it("the most specific instance of a plugin wins: consumer over route over service over global", async () => {
    await gw.create("/plugins", { name: "request-termination", config: { status_code: 410 } });
    await gw.create("/services/pp/plugins", { name: "request-termination", config: { status_code: 411 } });
    expect((await gw.proxy("/pp", { headers: { apikey: "plain-key" } })).status).toBe(411);
    await gw.create(`/routes/${route.id}/plugins`, { name: "request-termination", config: { status_code: 412 } });
    expect((await gw.proxy("/pp", { headers: { apikey: "plain-key" } })).status).toBe(412);
    await gw.create("/consumers/vip/plugins", { name: "request-termination", config: { status_code: 413 } });
    expect((await gw.proxy("/pp", { headers: { apikey: "vip-key" } })).status).toBe(413);
    expect((await gw.proxy("/pp", { headers: { apikey: "plain-key" } })).status).toBe(412);
    // an unrelated route falls back to the global instance
    await echoRoute(gw, "pp2", "/pp2");
    expect((await gw.proxy("/pp2")).status).toBe(410);
  });

  it("a disabled plugin does not run", async () => {
    const { route: r3 } = await echoRoute(gw, "pp3", "/pp3");
    const p = await gw.create(`/routes/${r3.id}/plugins`, { name: "request-termination", config: { status_code: 499 } });
    expect((await gw.proxy("/pp3")).status).toBe(499);
    await gw.admin("PATCH", `/plugins/${p.id}`, { enabled: false });
    expect((await gw.proxy("/pp3")).status).toBe(410);
  });
});

describe("unemulated and passive plugins", async () => {
  const gw = await gateway();
  await echoRoute(gw, "un", "/un");
  await gw.create("/services/un/plugins", { name: "pre-function", config: { access: ["kong.response.exit(418)"] } });
  await gw.create("/services/un/plugins", { name: "file-log", config: { path: "/dev/stdout" } });
  await echoRoute(gw, "quiet", "/quiet");
  await gw.create("/services/quiet/plugins", { name: "http-log", config: { http_endpoint: "http://logs.test" } });
  await gw.create("/services/quiet/plugins", { name: "prometheus" });

  it("names an unmodelled plugin in X-Docval-Unemulated and passes the request through", async () => {
    const r = await gw.proxy("/un");
    expect(r.status).toBe(200);
    expect(r.headers["x-docval-unemulated"]).toBe("pre-function");
  });

  it("loggers and metrics do not change the response and are not flagged", async () => {
    const r = await gw.proxy("/quiet");
    expect(r.status).toBe(200);
    expect(r.headers["x-docval-unemulated"]).toBeUndefined();
  });

  it("GET / reports each plugin's fidelity", async () => {
    const info = (await gw.admin("GET", "/")).json.docval.plugin_fidelity;
    expect(info["key-auth"]).toBe("full");
    expect(info["file-log"]).toBe("full");
    expect(info["pre-function"]).toBe("unemulated");
  });
});
