/** rate-limiting(-advanced), ip-restriction, request-termination, json-threat-protection. */
import { describe, expect, it } from "vitest";
import { echoRoute, gateway } from "../helpers.js";

describe("rate-limiting (local, injected clock)", async () => {
  let now = Date.UTC(2026, 0, 1, 12, 0, 10);
  const gw = await gateway({ now: () => now });
  await echoRoute(gw, "rl", "/rl");
  await gw.create("/services/rl/plugins", { name: "rate-limiting", config: { minute: 3, hour: 10 } });

  it("counts per window, sends the headers, then 429 with Retry-After; a new window resets", async () => {
    const r1 = await gw.proxy("/rl");
    expect(r1.status).toBe(200);
    expect(r1.headers["x-ratelimit-limit-minute"]).toBe("3");
    expect(r1.headers["x-ratelimit-remaining-minute"]).toBe("2");
    expect(r1.headers["x-ratelimit-limit-hour"]).toBe("10");
    expect(r1.headers["x-ratelimit-remaining-hour"]).toBe("9");
    expect(r1.headers["ratelimit-limit"]).toBe("3");
    expect(r1.headers["ratelimit-remaining"]).toBe("2");
    expect(r1.headers["ratelimit-reset"]).toBe("50");
    await gw.proxy("/rl");
    await gw.proxy("/rl");
    const over = await gw.proxy("/rl");
    expect(over.status).toBe(429);
    expect(over.json.message).toBe("API rate limit exceeded");
    expect(over.headers["retry-after"]).toBe("50");
    expect(over.headers["x-ratelimit-remaining-minute"]).toBe("0");
    now += 60_000;
    const next = await gw.proxy("/rl");
    expect(next.status).toBe(200);
    expect(next.headers["x-ratelimit-remaining-hour"]).toBe("6");
  });

  it("hide_client_headers drops the headers; error_code and error_message are configurable", async () => {
    await echoRoute(gw, "rl2", "/rl2");
    await gw.create("/services/rl2/plugins", { name: "rate-limiting", config: { second: 1, hide_client_headers: true, error_code: 503, error_message: "slow down" } });
    const a = await gw.proxy("/rl2");
    expect(a.headers["x-ratelimit-limit-second"]).toBeUndefined();
    const b = await gw.proxy("/rl2");
    expect(b.status).toBe(503);
    expect(b.json.message).toBe("slow down");
  });

  it("rejects a config without any window", async () => {
    const r = await gw.admin("POST", "/plugins", { name: "rate-limiting", config: {} });
    expect(r.status).toBe(400);
    expect(r.json.fields["@entity"][0]).toContain("'config.second', 'config.minute'");
  });
});

describe("rate-limiting-advanced", async () => {
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const gw = await gateway({ now: () => now });
  await echoRoute(gw, "rla", "/rla");
  await gw.create("/services/rla/plugins", { name: "rate-limiting-advanced", config: { limit: [2], window_size: [30], window_type: "fixed" } });

  it("uses window-size headers and answers 429 past the limit", async () => {
    const a = await gw.proxy("/rla");
    expect(a.headers["x-ratelimit-limit-30"]).toBe("2");
    expect(a.headers["x-ratelimit-remaining-30"]).toBe("1");
    expect(a.headers["ratelimit-reset"]).toBe("30");
    await gw.proxy("/rla");
    const c = await gw.proxy("/rla");
    expect(c.status).toBe(429);
    expect(c.headers["retry-after"]).toBeDefined();
    now += 30_000;
    expect((await gw.proxy("/rla")).status).toBe(200);
  });

  it("a sliding window carries weight from the previous window", async () => {
    await echoRoute(gw, "rls", "/rls");
    await gw.create("/services/rls/plugins", { name: "rate-limiting-advanced", config: { limit: [2], window_size: [60] } });
    now = Date.UTC(2026, 0, 1, 13, 0, 0);
    await gw.proxy("/rls");
    await gw.proxy("/rls");
    now += 61_000; // 1 s into the next window: the previous two still weigh ~1.97
    expect((await gw.proxy("/rls")).status).toBe(429);
  });
});

describe("ip-restriction", async () => {
  const gw = await gateway();
  await echoRoute(gw, "deny", "/deny");
  await echoRoute(gw, "allow", "/allow");
  await gw.create("/services/deny/plugins", { name: "ip-restriction", config: { deny: ["127.0.0.0/8"] } });
  await gw.create("/services/allow/plugins", { name: "ip-restriction", config: { allow: ["127.0.0.1"], status: 401, message: "go away" } });

  it("403 IP address not allowed for a denied client; allow lists pass; status/message configurable", async () => {
    const d = await gw.proxy("/deny");
    expect(d.status).toBe(403);
    expect(d.json.message).toBe("IP address not allowed: 127.0.0.1");
    expect((await gw.proxy("/allow")).status).toBe(200);
    await echoRoute(gw, "other", "/other");
    await gw.create("/services/other/plugins", { name: "ip-restriction", config: { allow: ["10.0.0.0/8"], status: 401, message: "go away" } });
    const o = await gw.proxy("/other");
    expect(o.status).toBe(401);
    expect(o.json.message).toBe("go away");
  });
});

describe("request-termination", async () => {
  const gw = await gateway();
  const term = async (name: string, config: Record<string, unknown>) => {
    await echoRoute(gw, name, `/${name}`);
    await gw.create(`/services/${name}/plugins`, { name: "request-termination", config });
  };
  await term("t503", {});
  await term("t403", { status_code: 403, message: "So long and thanks for all the fish!" });
  await term("t200", { status_code: 200, body: "<h1>hi</h1>", content_type: "text/html" });
  await term("t418", { status_code: 418 });
  await term("trig", { trigger: "x-stop" });
  await term("echo", { echo: true, status_code: 404 });

  it("defaults to 503 Service unavailable, without request_id", async () => {
    const r = await gw.proxy("/t503");
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ message: "Service unavailable" });
  });

  it("status, message, raw body and content type", async () => {
    expect((await gw.proxy("/t403")).json).toEqual({ message: "So long and thanks for all the fish!" });
    const b = await gw.proxy("/t200");
    expect(b.text).toBe("<h1>hi</h1>");
    expect(b.headers["content-type"]).toBe("text/html");
    const e = await gw.proxy("/t418");
    expect(e.status).toBe(418);
    expect(e.text).toBe("");
  });

  it("trigger limits it to requests carrying the header or query arg; echo returns the request", async () => {
    expect((await gw.proxy("/trig")).status).toBe(200);
    expect((await gw.proxy("/trig", { headers: { "x-stop": "1" } })).status).toBe(503);
    expect((await gw.proxy("/trig?x-stop=1")).status).toBe(503);
    const e = await gw.proxy("/echo?q=1", { headers: { "x-a": "b" } });
    expect(e.status).toBe(404);
    expect(e.json.request).toMatchObject({ method: "GET", path: "/echo", query: { q: "1" } });
  });
});

describe("json-threat-protection", async () => {
  const gw = await gateway();
  await echoRoute(gw, "jtp", "/jtp");
  await gw.create("/services/jtp/plugins", { name: "json-threat-protection", config: { max_container_depth: 2, max_array_element_count: 2, error_status_code: 400, error_message: "BadRequest" } });

  it("blocks bodies over the limits with error_status_code/error_message and lets others through", async () => {
    expect((await gw.proxy("/jtp", { method: "POST", body: { a: [1, 2] } })).status).toBe(200);
    const deep = await gw.proxy("/jtp", { method: "POST", body: { a: { b: { c: 1 } } } });
    expect(deep.status).toBe(400);
    expect(deep.json.message).toBe("BadRequest");
    expect((await gw.proxy("/jtp", { method: "POST", body: { a: [1, 2, 3] } })).status).toBe(400);
    expect((await gw.proxy("/jtp", { method: "POST", raw: "{not json", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await gw.proxy("/jtp")).status).toBe(200);
  });
});
