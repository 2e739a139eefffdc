/**
 * One page variant on the embedded gateway, counting the HTTP calls the harness makes: consecutive
 * blocks cost one sync barrier (one sentinel write and one probe, before the first check), reset lists
 * tagged entities once and lets Kong's cascades delete plugins and credentials, and a barrier that
 * never converges names the block it followed. Behaviour is asserted, not time.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Agent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { Redactor } from "../../src/core/redact.js";
import type { ApplyStep, CheckStep, Page, Variant } from "../../src/plan/model.js";
import { realClock } from "../../src/checks/index.js";
import { runVariant, type VariantOptions } from "../../src/run/page.js";
import { closeGateway, openGateway, type OpenGateway } from "../../src/run/target.js";

const calls: string[] = [];
let previous: Dispatcher;
beforeAll(() => {
  previous = getGlobalDispatcher();
  setGlobalDispatcher(
    new Agent().compose((dispatch) => (opts, handler) => {
      calls.push(`${opts.method} ${String(opts.path).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id").replace(/\?.*$/, "")}`);
      return dispatch(opts, handler);
    }),
  );
});
afterAll(() => setGlobalDispatcher(previous));

const src = (line: number) => ({ file: "app/_how-tos/demo.md", line });

function apply(line: number, config: Record<string, unknown>): ApplyStep {
  return { kind: "apply", origin: "entity_examples", config: { _format_version: "3.0", ...config }, deckFlags: [], source: src(line), section: "body" };
}

function check(line: number, path: string, status: number, headers: { name: string; value: string }[] = []): CheckStep {
  return {
    kind: "check",
    type: "request-check",
    request: { method: "GET", url: `http://localhost:8000${path}`, headers },
    expect: { status },
    repeat: 1,
    source: src(line),
    section: "body",
  };
}

const page = (variant: Variant): Page => ({
  file: "app/_how-tos/demo.md",
  id: "/demo/",
  title: "demo",
  products: ["gateway"],
  minVersion: {},
  skip: null,
  error: null,
  env: [],
  envExported: {},
  variants: [variant],
  diagnostics: [],
});

/** Three blocks, then two checks: a key-auth protected route and a consumer with a key. */
const variant: Variant = {
  deployment: "on-prem",
  steps: [
    apply(10, { services: [{ name: "svc", url: "http://httpbin.konghq.com/anything", routes: [{ name: "r", paths: ["/anything"], protocols: ["http", "https"] }] }] }),
    apply(20, { consumers: [{ username: "alex", keyauth_credentials: [{ key: "alex-key-123" }] }] }),
    apply(30, { plugins: [{ name: "key-auth", route: "r", config: { key_names: ["apikey"] } }] }),
    check(40, "/anything", 401),
    check(50, "/anything", 200, [{ name: "apikey", value: "alex-key-123" }]),
  ],
};

function options(gw: OpenGateway, extra: Partial<VariantOptions> = {}): VariantOptions {
  return {
    gw,
    env: { envFile: {}, process: {}, public: new Set(), redactor: new Redactor() },
    allowShell: false,
    timeoutMs: 5000,
    pageTimeoutMs: 30_000,
    barrierTimeoutMs: 2000,
    signal: new AbortController().signal,
    clock: realClock,
    root: "/nonexistent",
    filesDir: "/nonexistent",
    deployments: ["on-prem"],
    ...extra,
  };
}

const count = (what: string) => calls.filter((c) => c === what).length;

describe.each([
  ["DB mode", false],
  ["DB-less mode", true],
])("a page of three blocks and two checks, %s", (_label, dbless) => {
  let gw: OpenGateway;
  beforeAll(async () => {
    const opened = await openGateway({ kind: "embedded", dbless }, 0, { resetAll: false, timeoutMs: 5000 });
    if (!opened.gateway) throw new Error(opened.diagnostics.map((d) => d.message).join("; "));
    gw = opened.gateway;
  });
  afterAll(() => closeGateway(gw));
  afterEach(() => {
    calls.length = 0;
  });

  it("passes, probes the proxy once, and writes the sentinel at most once", async () => {
    calls.length = 0;
    const run = await runVariant(page(variant), variant, options(gw));
    expect(run.result.steps.map((s) => `${s.verdict} ${s.message ?? ""}`.trim())).toEqual(["passed", "passed", "passed", "passed", "passed"]);
    expect(run.result.verdict).toBe("passed");
    expect(count("OPTIONS /__docval/sync")).toBe(1);
    if (dbless) {
      // Each block posts the cumulative config (with the next sentinel generation); reset posts an empty one.
      expect(count("POST /config")).toBe(4);
    } else {
      expect(calls.filter((c) => c.startsWith("PUT /plugins/") && c.includes(":id")).length).toBe(2); // the page's plugin + one sentinel bump
      // Reset: one listing of everything tagged, then the route and the consumer take their plugin and key with them.
      expect(count("GET /tags/docval")).toBe(1);
      expect(calls.filter((c) => c.startsWith("DELETE ")).sort()).toEqual(["DELETE /consumers/:id", "DELETE /routes/:id", "DELETE /services/:id"]);
    }
    expect(run.phases.barrierMs).toBeGreaterThan(0);
    expect(run.phases.resetMs).toBeGreaterThan(0);
  });

  it("leaves the gateway as it found it, so the same page passes again", async () => {
    const again = await runVariant(page(variant), variant, options(gw));
    expect(again.result.verdict).toBe("passed");
    calls.length = 0;
    const left = await gw.admin.call("GET", "/tags/docval");
    expect(left.ok && JSON.parse(left.res.text).data).toEqual([]);
  });

  it("a proxy that never serves the new configuration fails the first check, naming the block it followed", async () => {
    const dead: OpenGateway = Object.assign(Object.create(Object.getPrototypeOf(gw)) as OpenGateway, gw, { proxyUrl: "http://127.0.0.1:9" });
    const run = await runVariant(page(variant), variant, options(dead, { barrierTimeoutMs: 300 }));
    const bad = run.result.steps.find((s) => s.verdict === "error");
    expect(bad?.source.line).toBe(40);
    expect(bad?.message).toContain("did not serve configuration generation");
    expect(bad?.message).toContain("after the block at app/_how-tos/demo.md:30");
    expect(run.result.diagnostics.map((d) => d.code)).toContain("target/not-converged");
    // The state is shared with the real gateway object: carry the sync state back, then prove it recovers.
    gw.generation = dead.generation;
    gw.sync = dead.sync;
    expect((await runVariant(page(variant), variant, options(gw))).result.verdict).toBe("passed");
  });
});

/** A view of `gw` whose Admin API answers 503 to the calls `fails` picks; the rest go through. */
function failing(gw: OpenGateway, fails: (method: string, path: string, body: unknown) => boolean): OpenGateway {
  const admin = Object.create(gw.admin) as OpenGateway["admin"];
  admin.call = async (method: string, path: string, body?: unknown) => {
    if (!fails(method, path, body)) return gw.admin.call(method, path, body);
    return { ok: true, res: { status: 503, headers: {}, rawHeaders: {}, text: '{"message":"unavailable"}', durationMs: 0 } };
  };
  return Object.assign(Object.create(Object.getPrototypeOf(gw)) as OpenGateway, gw, { admin });
}

const tagged = async (gw: OpenGateway): Promise<unknown[]> => {
  const r = await gw.admin.call("GET", "/tags/docval");
  return r.ok ? (JSON.parse(r.res.text) as { data: unknown[] }).data : ["(listing failed)"];
};

describe.each([
  ["DB mode", false],
  ["DB-less mode", true],
])("faults inside a page, %s", (_label, dbless) => {
  let gw: OpenGateway;
  beforeEach(async () => {
    const opened = await openGateway({ kind: "embedded", dbless }, 0, { resetAll: false, timeoutMs: 5000 });
    if (!opened.gateway) throw new Error(opened.diagnostics.map((d) => d.message).join("; "));
    gw = opened.gateway;
  });
  afterEach(() => closeGateway(gw));

  it("a throw in the middle of a page still removes what the page applied", async () => {
    // A check whose expectations cannot be read: planning never builds one, so only a bug could.
    const bad = Object.defineProperty({ ...check(40, "/anything", 200) }, "expect", {
      get() {
        throw new Error("simulated bug");
      },
    });
    const broken: Variant = { deployment: "on-prem", steps: [variant.steps[0], bad] };
    await expect(runVariant(page(broken), broken, options(gw))).rejects.toThrow("simulated bug");
    expect(await tagged(gw)).toEqual([]);
  });

  it("a reset the gateway refuses is a target diagnostic naming what failed", async () => {
    // Everything works until the page's entities are to be removed.
    const resetting = { on: false };
    const view = failing(gw, (method, path) => resetting.on && (method === "DELETE" || path.startsWith("/config")));
    const one: Variant = { deployment: "on-prem", steps: [variant.steps[0], check(40, "/anything", 200)] };
    const p = page(one);
    const orig = view.admin.call;
    view.admin.call = async (m: string, path: string, b?: unknown) => {
      // DB mode resets by listing tagged entities; DB-less by posting a config without the page's service.
      if (m === "GET" && path.startsWith("/tags/")) resetting.on = true;
      if (dbless && path.startsWith("/config") && !JSON.stringify(b).includes('"svc"')) resetting.on = true;
      return orig(m, path, b);
    };
    const run = await runVariant(p, one, options(view));
    const d = run.result.diagnostics.find((x) => x.code === "target/reset-failed");
    expect(d?.kind).toBe("target");
    expect(d?.message).toMatch(dbless ? /POST \/config/ : /DELETE \/services\/[0-9a-f-]+ → 503/);
  });

  it("an Admin API failing on apply is a target fault, and a rejected block docval cannot fully apply carries its diagnostics", async () => {
    const view = failing(gw, (method) => method !== "GET" && method !== "OPTIONS");
    const run = await runVariant(page(variant), variant, options(view));
    expect(run.result.steps[0].verdict).toBe("error");
    expect(run.result.diagnostics.map((d) => d.code)).toContain("target/failed");

    const odd = apply(10, { services: [{ name: "svc", url: "not a url at all" }], frobnicators: [{ name: "x" }] });
    const oddVariant: Variant = { deployment: "on-prem", steps: [odd, check(20, "/anything", 200)] };
    const r2 = await runVariant(page(oddVariant), oddVariant, options(gw));
    expect(r2.result.steps[0].verdict).toBe("unverified");
    expect(r2.result.steps[0].diagnostics?.map((d) => d.code)).toEqual(["deck/unsupported-collection"]);
  });

  it.each([
    ["Ctrl-C", "error", /^interrupted$/],
    ["the page timeout", "failed", /--page-timeout/],
  ] as const)("%s during the sync barrier is not recorded as a proxy that did not converge", async (what, verdict, message) => {
    const dead: OpenGateway = Object.assign(Object.create(Object.getPrototypeOf(gw)) as OpenGateway, gw, { proxyUrl: "http://127.0.0.1:9" });
    const ac = new AbortController();
    const extra: Partial<VariantOptions> = what === "Ctrl-C" ? { signal: ac.signal, barrierTimeoutMs: 20_000 } : { pageTimeoutMs: 300, barrierTimeoutMs: 20_000 };
    if (what === "Ctrl-C") setTimeout(() => ac.abort(), 300);
    const run = await runVariant(page(variant), variant, options(dead, extra));
    const last = run.result.steps.at(-1);
    expect(last?.verdict).toBe(verdict);
    expect(last?.message).toMatch(message);
    expect(run.result.diagnostics.map((d) => d.code)).not.toContain("target/not-converged");
  }, 30_000);
});
