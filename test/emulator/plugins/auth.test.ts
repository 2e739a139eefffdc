/** key-auth, basic-auth, jwt, acl and session: statuses, messages and headers as Kong's plugin docs state. */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { echoRoute, gateway } from "../helpers.js";

function hs256(claims: Record<string, unknown>, secret: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${enc({ alg: "HS256", typ: "JWT" })}.${enc(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

describe("key-auth", async () => {
  const gw = await gateway({ version: "3.15" });
  await echoRoute(gw, "ka", "/ka");
  await gw.create("/services/ka/plugins", { name: "key-auth", config: { key_names: ["apikey"] } });
  await gw.create("/consumers", { username: "alex" });
  await gw.create("/consumers/alex/key-auth", { key: "hello_world" });

  it("401 No API key found in request, with WWW-Authenticate: Key", async () => {
    const r = await gw.proxy("/ka");
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ message: "No API key found in request", request_id: r.headers["x-kong-request-id"] });
    expect(r.headers["www-authenticate"]).toBe("Key");
  });

  it("401 Unauthorized for a wrong key", async () => {
    const r = await gw.proxy("/ka", { headers: { apikey: "another_key" } });
    expect(r.status).toBe(401);
    expect(r.json.message).toBe("Unauthorized");
  });

  it("accepts the key in a header or the query and hides it upstream (3.15 default)", async () => {
    const h = await gw.proxy("/ka", { headers: { apikey: "hello_world" } });
    expect(h.status).toBe(200);
    expect(h.json.headers.Apikey).toBeUndefined();
    expect(h.json.headers["X-Consumer-Username"]).toBe("alex");
    const q = await gw.proxy("/ka?apikey=hello_world&x=1");
    expect(q.status).toBe(200);
    expect(q.json.args).toEqual({ x: "1" });
  });

  it("keeps the key upstream with hide_credentials false and honours anonymous", async () => {
    await echoRoute(gw, "ka2", "/ka2");
    await gw.create("/consumers", { username: "anon" });
    await gw.create("/services/ka2/plugins", { name: "key-auth", config: { hide_credentials: false, anonymous: "anon" } });
    const r = await gw.proxy("/ka2", { headers: { apikey: "hello_world" } });
    expect(r.json.headers.Apikey).toBe("hello_world");
    const a = await gw.proxy("/ka2");
    expect(a.status).toBe(200);
    expect(a.json.headers["X-Anonymous-Consumer"]).toBe("true");
    expect(a.json.headers["X-Consumer-Username"]).toBe("anon");
  });
});

describe("basic-auth", async () => {
  const gw = await gateway();
  await echoRoute(gw, "ba", "/ba");
  await gw.create("/services/ba/plugins", { name: "basic-auth" });
  await gw.create("/consumers", { username: "bob" });
  await gw.create("/consumers/bob/basic-auth", { username: "bob", password: "secret" });
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

  it("401 Unauthorized with the realm header for no or wrong credentials", async () => {
    for (const headers of [{}, { authorization: basic("bob", "nope") }] as Record<string, string>[]) {
      const r = await gw.proxy("/ba", { headers });
      expect(r.status).toBe(401);
      expect(r.json.message).toBe("Unauthorized");
      expect(r.headers["www-authenticate"]).toBe('Basic realm="service"');
    }
  });

  it("200 with the right password; X-Credential-Identifier is the username", async () => {
    const r = await gw.proxy("/ba", { headers: { authorization: basic("bob", "secret") } });
    expect(r.status).toBe(200);
    expect(r.json.headers["X-Credential-Identifier"]).toBe("bob");
  });
});

describe("jwt (HS256)", async () => {
  const gw = await gateway();
  const now = Math.floor(Date.now() / 1000);
  await echoRoute(gw, "jw", "/jw");
  await gw.create("/services/jw/plugins", { name: "jwt", config: { claims_to_verify: ["exp"] } });
  await gw.create("/consumers", { username: "jane" });
  await gw.create("/consumers/jane/jwt", { key: "jane-iss", secret: "s3cr3t" });

  it("401 Unauthorized without a token", async () => {
    const r = await gw.proxy("/jw");
    expect(r.status).toBe(401);
    expect(r.json.message).toBe("Unauthorized");
  });

  it("accepts a valid Bearer token and a ?jwt= token", async () => {
    const t = hs256({ iss: "jane-iss", exp: now + 600 }, "s3cr3t");
    expect((await gw.proxy("/jw", { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
    expect((await gw.proxy(`/jw?jwt=${t}`)).status).toBe(200);
  });

  it("rejects a bad signature, an unknown issuer and an expired token", async () => {
    const bad = await gw.proxy("/jw", { headers: { authorization: `Bearer ${hs256({ iss: "jane-iss", exp: now + 600 }, "wrong")}` } });
    expect(bad.json.message).toBe("Invalid signature");
    const unknown = await gw.proxy("/jw", { headers: { authorization: `Bearer ${hs256({ iss: "nobody", exp: now + 600 }, "s3cr3t")}` } });
    expect(unknown.json.message).toBe("No credentials found for given 'iss'");
    const expired = await gw.proxy("/jw", { headers: { authorization: `Bearer ${hs256({ iss: "jane-iss", exp: now - 10 }, "s3cr3t")}` } });
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ exp: "token expired" });
  });
});

describe("acl with key-auth and consumer groups", async () => {
  const gw = await gateway();
  await echoRoute(gw, "ac", "/ac");
  await gw.create("/services/ac/plugins", { name: "key-auth" });
  await gw.create("/services/ac/plugins", { name: "acl", config: { allow: ["dev"], include_consumer_groups: true } });
  for (const u of ["in", "out", "grouped"]) {
    await gw.create("/consumers", { username: u });
    await gw.create(`/consumers/${u}/key-auth`, { key: `${u}-key` });
  }
  await gw.create("/consumers/in/acls", { group: "dev" });
  await gw.create("/consumer_groups", { name: "dev" });
  await gw.admin("POST", "/consumer_groups/dev/consumers", { consumer: "grouped" });

  it("200 for an allowed group (ACL credential or consumer group), with X-Consumer-Groups upstream", async () => {
    const r = await gw.proxy("/ac", { headers: { apikey: "in-key" } });
    expect(r.status).toBe(200);
    expect(r.json.headers["X-Consumer-Groups"]).toBe("dev");
    expect((await gw.proxy("/ac", { headers: { apikey: "grouped-key" } })).status).toBe(200);
  });

  it("403 You cannot consume this service otherwise", async () => {
    const r = await gw.proxy("/ac", { headers: { apikey: "out-key" } });
    expect(r.status).toBe(403);
    expect(r.json.message).toBe("You cannot consume this service");
  });

  it("401 from acl alone when nobody is authenticated", async () => {
    await echoRoute(gw, "ac2", "/ac2");
    await gw.create("/services/ac2/plugins", { name: "acl", config: { deny: ["x"] } });
    expect((await gw.proxy("/ac2")).status).toBe(401);
  });
});

describe("session with key-auth", async () => {
  const gw = await gateway();
  await echoRoute(gw, "se", "/se");
  await gw.create("/consumers", { username: "anon" });
  await gw.create("/consumers", { username: "sam" });
  await gw.create("/consumers/sam/key-auth", { key: "sam-key" });
  await gw.create("/services/se/plugins", { name: "key-auth", config: { anonymous: "anon" } });
  await gw.create("/services/se/plugins", { name: "session", config: { cookie_secure: false } });
  await gw.create("/services/se/plugins", { name: "request-termination", config: { status_code: 403, message: "So long and thanks for all the fish!" }, consumer: { username: "anon" } });

  it("logs in with a key, sets a session cookie, then the cookie alone authenticates", async () => {
    expect((await gw.proxy("/se")).status).toBe(403);
    const login = await gw.proxy("/se", { headers: { apikey: "sam-key" } });
    expect(login.status).toBe(200);
    const setCookie = [login.headers["set-cookie"]].flat().join(";");
    const sid = /session=([^;]+)/.exec(setCookie)?.[1];
    expect(sid).toBeTruthy();
    const again = await gw.proxy("/se", { headers: { cookie: `session=${sid}` } });
    expect(again.status).toBe(200);
    expect(again.json.headers["X-Consumer-Username"]).toBe("sam");
  });
});
