import { describe, expect, it } from "vitest";
import { flattenDeck, splitUrl, stableId, toAdminOps } from "../../src/deck/to-admin.js";
import { mergeFlat, toDeclarative } from "../../src/deck/merge.js";

const prereqs = {
  _format_version: "3.0",
  services: [{ name: "example-service", url: "http://httpbin.konghq.com/anything" }],
  routes: [{ name: "example-route", paths: ["/anything"], service: { name: "example-service" }, protocols: ["http", "https"] }],
};
const consumers = {
  _format_version: "3.0",
  consumers: [{ username: "jsmith", keyauth_credentials: [{ key: "jsmith-key" }], groups: [{ name: "gold" }], tags: ["mine"] }],
  consumer_groups: [{ name: "gold" }],
};
const plugins = {
  _format_version: "3.0",
  plugins: [
    { name: "key-auth" },
    { name: "rate-limiting", consumer: "jsmith", config: { minute: 5 } },
  ],
};

describe("flattenDeck", () => {
  it("splits a service url into protocol, host, port and path", () => {
    expect(splitUrl({ name: "s", url: "http://httpbin.konghq.com/anything" })).toEqual({ name: "s", protocol: "http", host: "httpbin.konghq.com", port: 80, path: "/anything" });
    expect(splitUrl({ url: "https://api.x.ai" })).toEqual({ protocol: "https", host: "api.x.ai", port: 443 });
    expect(splitUrl({ url: "http://h:8080/a?b=1" })).toMatchObject({ port: 8080, path: "/a?b=1" });
  });

  it("lifts nested routes, plugins, credentials, groups and targets out with name references", () => {
    const flat = flattenDeck({
      _format_version: "3.0",
      services: [{ name: "svc", host: "h", routes: [{ name: "r1", paths: ["/x"], plugins: [{ name: "cors" }] }], plugins: [{ name: "key-auth" }] }],
      consumers: [{ username: "alex", basicauth_credentials: [{ username: "alex", password: "p" }], groups: [{ name: "g" }] }],
      upstreams: [{ name: "up", targets: [{ target: "a:80", weight: 100 }] }],
    });
    expect(flat.diagnostics).toEqual([]);
    const by = (c: string) => flat.entities.filter((e) => e.collection === c);
    expect(by("routes")[0]).toMatchObject({ key: "r1", refs: { service: "svc" }, body: { name: "r1", paths: ["/x"] } });
    expect(by("routes")[0].body).not.toHaveProperty("plugins");
    expect(by("plugins").map((p) => [p.body.name, p.refs])).toEqual([
      ["cors", { route: "r1" }],
      ["key-auth", { service: "svc" }],
    ]);
    expect(by("credentials")[0]).toMatchObject({ credential: "basicauth_credentials", refs: { consumer: "alex" } });
    expect(by("consumers")[0].body).toEqual({ username: "alex" });
    expect(by("consumer_group_members")[0].refs).toEqual({ consumer: "alex", consumer_group: "g" });
    expect(by("targets")[0]).toMatchObject({ refs: { upstream: "up" }, body: { target: "a:80", weight: 100 } });
  });

  it("reports collections it cannot translate instead of dropping them silently", () => {
    const flat = flattenDeck({ _format_version: "3.0", degraphql_routes: [{ uri: "/x" }], services: "nope" });
    expect(flat.diagnostics.map((d) => d.code)).toEqual(["deck/unsupported-collection", "deck/not-a-list"]);
    expect(flat.diagnostics[0].message).toContain("degraphql_routes");
  });

  it("translates cloned_plugins (--include-plugin-definitions) into upserts by name that run before the plugins using them", () => {
    const clone = { _format_version: "3.0", cloned_plugins: [{ name: "acme-rt", ref: "request-transformer", priority: 802 }] };
    const use = { _format_version: "3.0", plugins: [{ name: "acme-rt", config: { add: { headers: ["X-A:1"] } } }] };
    // Even when the plugin comes first in the page's flat list, the clone is applied first.
    const flat = [...flattenDeck(use).entities, ...flattenDeck(clone).entities, ...flattenDeck(prereqs).entities];
    const ops = toAdminOps(flat, "docval");
    expect(ops.map((o) => `${o.method} ${o.path.replace(/[0-9a-f-]{36}/, "<id>")}`)).toEqual([
      "PUT /services/example-service",
      "PUT /routes/example-route",
      "PUT /cloned-plugins/acme-rt",
      "PUT /plugins/<id>",
    ]);
    expect(ops[2]).toMatchObject({ body: { name: "acme-rt", ref: "request-transformer", priority: 802, tags: ["docval"] }, what: "cloned plugin acme-rt" });
    // Re-declaring the clone updates it, as deck apply does.
    const again = toAdminOps([...flattenDeck(clone).entities, ...flattenDeck({ cloned_plugins: [{ name: "acme-rt", ref: "request-transformer", priority: 5 }] }).entities], "docval");
    expect(again).toHaveLength(1);
    expect(again[0].body.priority).toBe(5);
  });

  it("puts cloned_plugins in the DB-less cumulative config", () => {
    const flat = mergeFlat(flattenDeck({ cloned_plugins: [{ name: "acme-rt", ref: "request-transformer" }] }).entities, flattenDeck({ plugins: [{ name: "acme-rt" }] }).entities);
    const decl = toDeclarative(flat, "docval");
    expect(decl.cloned_plugins).toEqual([{ name: "acme-rt", ref: "request-transformer", tags: ["docval"] }]);
    expect(decl.plugins).toEqual([{ name: "acme-rt", tags: ["docval"] }]);
  });
});

describe("toAdminOps", () => {
  it("orders upserts so referenced entities exist first and tags every entity", () => {
    const flat = [...flattenDeck(plugins).entities, ...flattenDeck(consumers).entities, ...flattenDeck(prereqs).entities];
    const ops = toAdminOps(flat, "docval");
    expect(ops.map((o) => `${o.method} ${o.path.replace(/[0-9a-f-]{36}/, "<id>")}`)).toEqual([
      "PUT /services/example-service",
      "PUT /routes/example-route",
      "PUT /consumer_groups/gold",
      "PUT /consumers/jsmith",
      "POST /consumer_groups/gold/consumers",
      "PUT /consumers/jsmith/key-auth/<id>",
      "PUT /plugins/<id>",
      "PUT /plugins/<id>",
    ]);
    for (const op of ops.filter((o) => o.method === "PUT")) expect(op.body.tags).toContain("docval");
    expect(ops.find((o) => o.path === "/consumers/jsmith")?.body.tags).toEqual(["mine", "docval"]);
    expect(ops.find((o) => o.path === "/routes/example-route")?.refs).toEqual([{ field: "service", collection: "services", value: "example-service" }]);
    expect(ops.find((o) => o.what.startsWith("membership"))?.tolerate).toEqual([409]);
    const rl = ops.find((o) => o.body.name === "rate-limiting");
    expect(rl?.refs).toEqual([{ field: "consumer", collection: "consumers", value: "jsmith" }]);
    expect(rl?.what).toBe("plugin rate-limiting (consumer jsmith)");
  });

  it("gives a plugin the same id when re-applied with the same name and scope, and another for another scope", () => {
    const a = toAdminOps(flattenDeck({ plugins: [{ name: "rate-limiting", config: { minute: 5 } }] }).entities, "t")[0];
    const b = toAdminOps(flattenDeck({ plugins: [{ name: "rate-limiting", config: { minute: 10 } }] }).entities, "t")[0];
    const c = toAdminOps(flattenDeck({ plugins: [{ name: "rate-limiting", service: "s", config: { minute: 10 } }] }).entities, "t")[0];
    expect(a.path).toBe(b.path);
    expect(c.path).not.toBe(a.path);
    expect(a.path).toMatch(/^\/plugins\/[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("keeps only the last declaration of an entity (later blocks update what earlier ones created)", () => {
    const first = flattenDeck({ services: [{ name: "example_service", url: "http://a.test/x" }] }).entities;
    const second = flattenDeck({ services: [{ name: "example_service", host: "example_upstream" }] }).entities;
    const ops = toAdminOps([...first, ...second], "docval");
    expect(ops).toHaveLength(1);
    expect(ops[0].body).toEqual({ name: "example_service", host: "example_upstream", tags: ["docval"] });
  });

  it("derives stable UUIDs", () => {
    expect(stableId("plugins", "a")).toBe(stableId("plugins", "a"));
    expect(stableId("plugins", "a")).not.toBe(stableId("plugins", "b"));
  });
});

describe("cumulative DB-less config", () => {
  it("merges blocks additively and renders Kong's nested declarative form", () => {
    let flat = mergeFlat([], flattenDeck(prereqs).entities);
    flat = mergeFlat(flat, flattenDeck(consumers).entities);
    flat = mergeFlat(flat, flattenDeck(plugins).entities);
    flat = mergeFlat(flat, flattenDeck({ plugins: [{ name: "rate-limiting", consumer: "jsmith", config: { minute: 7 } }] }).entities);
    const decl = toDeclarative(flat, "docval");
    expect(decl._format_version).toBe("3.0");
    expect(decl.services).toEqual([
      {
        name: "example-service",
        protocol: "http",
        host: "httpbin.konghq.com",
        port: 80,
        path: "/anything",
        tags: ["docval"],
        routes: [{ name: "example-route", paths: ["/anything"], protocols: ["http", "https"], tags: ["docval"] }],
      },
    ]);
    expect(decl.consumers).toEqual([{ username: "jsmith", tags: ["mine", "docval"], keyauth_credentials: [{ key: "jsmith-key", tags: ["docval"] }], groups: [{ name: "gold" }] }]);
    expect(decl.plugins).toEqual([
      { name: "key-auth", tags: ["docval"] },
      { name: "rate-limiting", config: { minute: 7 }, tags: ["docval"], consumer: "jsmith" },
    ]);
  });
});
