/** Admin API client, apply, reset and the sync barrier against the embedded gateway on loopback. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway } from "../../src/emulator/server.js";
import { AdminClient } from "../../src/gateway/client.js";
import { applyOps } from "../../src/gateway/apply.js";
import { awaitGeneration, bumpSentinel, installSentinel, SYNC_TAG } from "../../src/gateway/barrier.js";
import { readInfo } from "../../src/gateway/info.js";
import { findUntagged, resetTagged } from "../../src/gateway/reset.js";
import { flattenDeck, toAdminOps } from "../../src/deck/to-admin.js";

let gw: Awaited<ReturnType<typeof startGateway>>;
let admin: AdminClient;
beforeAll(async () => {
  gw = await startGateway({});
  admin = new AdminClient(gw.adminUrl);
});
afterAll(() => gw.stop());

describe("gateway", () => {
  it("reads version and database mode, and names an unreachable URL", async () => {
    const { info } = await readInfo(admin);
    expect(info?.dbless).toBe(false);
    expect(info?.versionNumber).toMatch(/^\d+\.\d+$/);
    const bad = await readInfo(new AdminClient("http://127.0.0.1:1", {}, 500));
    expect(bad.diagnostic?.code).toBe("target/unreachable");
    expect(bad.diagnostic?.message).toContain("http://127.0.0.1:1");
  });

  it("resets a cloned plugin and the plugin that uses it", async () => {
    const flat = flattenDeck({
      cloned_plugins: [{ name: "acme-rt", ref: "request-transformer", priority: 802 }],
      plugins: [{ name: "acme-rt", config: { add: { headers: ["x-acme:1"] } } }],
    });
    expect(await applyOps(admin, toAdminOps(flat.entities, "docval"), new Map())).toBeUndefined();
    const count = async (path: string) => JSON.parse(((await admin.call("GET", path)) as { ok: true; res: { text: string } }).res.text).data.length as number;
    expect(await count("/cloned-plugins")).toBe(1);
    const r = await resetTagged(admin, "docval");
    expect(r.problems).toEqual([]);
    expect(await count("/cloned-plugins")).toBe(0);
    expect(await count("/plugins?tags=docval")).toBe(0);
  });

  it("applies ordered upserts, then resets only what is tagged, leaving untagged entities alone", async () => {
    const flat = flattenDeck({
      services: [{ name: "svc", url: "http://httpbin.konghq.com/anything", routes: [{ name: "r", paths: ["/r"] }] }],
      consumers: [{ username: "alex", keyauth_credentials: [{ key: "alex-key" }] }],
      plugins: [{ name: "key-auth", route: "r" }],
    });
    expect(await applyOps(admin, toAdminOps(flat.entities, "docval"), new Map())).toBeUndefined();
    // Re-applying the same block is idempotent.
    expect(await applyOps(admin, toAdminOps(flat.entities, "docval"), new Map())).toBeUndefined();
    const plugins = JSON.parse(((await admin.call("GET", "/plugins")) as { ok: true; res: { text: string } }).res.text).data;
    expect(plugins).toHaveLength(1);

    await admin.call("POST", "/services", { name: "someone-elses", host: "example.com" });
    expect(await findUntagged(admin, ["docval", SYNC_TAG])).toEqual(["services someone-elses"]);
    const r = await resetTagged(admin, "docval");
    expect(r.problems).toEqual([]);
    expect(r.deleted).toBeGreaterThanOrEqual(4);
    const left = JSON.parse(((await admin.call("GET", "/services")) as { ok: true; res: { text: string } }).res.text).data.map((s: { name: string }) => s.name);
    expect(left).toEqual(["someone-elses"]);
    await resetTagged(admin, undefined);
  });

  it("resets from one /tags listing, and lists each collection when the gateway has no /tags", async () => {
    class Counting extends AdminClient {
      readonly seen: string[] = [];
      constructor(private readonly noTags: boolean) {
        super(gw.adminUrl);
      }
      override async call(method: string, path: string, body?: unknown) {
        this.seen.push(`${method} ${path.split("?")[0]}`);
        if (this.noTags && path.startsWith("/tags")) return { ok: true as const, res: { status: 404, headers: {}, rawHeaders: {}, text: '{"message":"Not found"}', durationMs: 0 } };
        return super.call(method, path, body);
      }
    }
    const deck = {
      services: [{ name: "svc2", url: "http://httpbin.konghq.com/anything", routes: [{ name: "r2", paths: ["/r2"] }] }],
      consumers: [{ username: "kim", keyauth_credentials: [{ key: "kim-key-1" }] }],
      plugins: [{ name: "key-auth", route: "r2" }],
    };
    for (const noTags of [false, true]) {
      const cascade = new Map<string, string[]>();
      expect(await applyOps(admin, toAdminOps(flattenDeck(deck).entities, "docval"), new Map(), cascade)).toBeUndefined();
      // The plugin hangs from the route, the key from the consumer.
      expect([...cascade.values()].every((parents) => parents.length === 1)).toBe(true);
      expect(cascade.size).toBe(2);
      const client = new Counting(noTags);
      const r = await resetTagged(client, "docval", { cascade });
      expect(r.problems).toEqual([]);
      const lists = client.seen.filter((c) => c.startsWith("GET "));
      if (noTags) expect(lists.length).toBeGreaterThan(5);
      else expect(lists).toEqual(["GET /tags/docval"]);
      expect(client.seen.filter((c) => c.startsWith("DELETE ")).map((c) => c.split("/")[1]).sort()).toEqual(["consumers", "routes", "services"]);
      for (const coll of ["services", "routes", "plugins", "consumers", "key-auths"]) {
        const left = await admin.call("GET", `/${coll}?tags=docval`);
        expect(left.ok && JSON.parse(left.res.text).data).toEqual([]);
      }
    }
  });

  it("says which reference does not exist", async () => {
    const fail = await applyOps(admin, toAdminOps(flattenDeck({ plugins: [{ name: "key-auth", service: "ghost" }] }).entities, "docval"), new Map());
    expect(fail?.kind).toBe("assert");
    expect(fail?.message).toBe("plugin key-auth (service ghost) refers to service 'ghost', which does not exist on the gateway");
  });

  it("the barrier sees each new generation in one probe, and times out naming what did not converge", async () => {
    expect((await installSentinel(admin, 1)).problem).toBeUndefined();
    expect(await awaitGeneration(gw.proxyUrl, 1, 2000)).toMatchObject({ ok: true, probes: 1 });
    expect(await bumpSentinel(admin, 2)).toBeUndefined();
    expect((await awaitGeneration(gw.proxyUrl, 2, 2000)).ok).toBe(true);
    const stale = await awaitGeneration(gw.proxyUrl, 3, 100);
    expect(stale.ok).toBe(false);
    expect(stale.message).toContain("did not serve configuration generation 3 within 100 ms");
  });
});

describe("references to entities the page did not create", () => {
  /** The real gateway, except that looking up a service answers `status`. */
  const refusing = (status: number): AdminClient => {
    const view = new AdminClient(gw.adminUrl);
    const real = view.call.bind(view);
    view.call = async (method: string, path: string, body?: unknown) => {
      if (method === "GET" && path.startsWith("/services/")) return { ok: true, res: { status, headers: {}, rawHeaders: {}, text: '{"message":"nope"}', durationMs: 0 } };
      return real(method, path, body);
    };
    return view;
  };
  const ops = () => toAdminOps(flattenDeck({ routes: [{ name: "needs-svc", service: { name: "absent-svc" }, paths: ["/needs-svc"] }] }).entities, "docval");

  it("a 404 means the entity does not exist (the docs are wrong)", async () => {
    const fail = await applyOps(refusing(404), ops(), new Map());
    expect(fail?.kind).toBe("assert");
    expect(fail?.message).toContain("which does not exist");
  });

  it.each([401, 403, 500, 503])("a %i is the target failing, never 'does not exist'", async (status) => {
    const fail = await applyOps(refusing(status), ops(), new Map());
    expect(fail?.kind).toBe("target");
    expect(fail?.status).toBe(status);
    expect(fail?.message).not.toContain("does not exist");
    expect(fail?.message).toContain(String(status));
  });
});
